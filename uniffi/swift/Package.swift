// swift-tools-version:5.9
// The SmtpProvider Swift package: the Swift that uniffi-bindgen writes from the library
// (Sources/SmtpProvider, by ../scripts/build.sh) over the library itself, linked statically from
// SmtpProviderFFI.xcframework (by ../scripts/build-xcframework.sh, on a Mac).
import PackageDescription

let package = Package(
    name: "SmtpProvider",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "SmtpProvider", targets: ["SmtpProvider"]),
    ],
    targets: [
        // The Rust static library for each platform, with the C headers and module map of both
        // uniffi namespaces (modules smtpproviderFFI and smtpprovider_uniffiFFI).
        .binaryTarget(name: "SmtpProviderFFI", path: "SmtpProviderFFI.xcframework"),
        .target(
            name: "SmtpProvider",
            dependencies: ["SmtpProviderFFI"],
            path: "Sources/SmtpProvider",
            // uniffi's Swift needs the C library's system frameworks for TLS roots and networking.
            linkerSettings: [.linkedFramework("Security"), .linkedFramework("SystemConfiguration")]
        ),
    ]
)
