#!/usr/bin/env python3
"""Writes the root Package.swift, through which SwiftPM takes the SDK by this repository's URL: the
Swift that uniffi-bindgen writes (uniffi/swift/Sources/SmtpProvider) over the XCFramework the
release attaches to its GitHub release, named by URL and checksum.

    scripts/packaging/swift_package.py --checksum SHA256 [--version X.Y.Z]

The release workflow's apple job runs it after zipping the XCFramework (the checksum is
`swift package compute-checksum` of the zip, a SHA-256); the swift-tag job commits the result with
the generated Swift sources and tags it X.Y.Z (without "v", as SwiftPM resolves versions). The
version defaults to scripts/version.py's. Written here because the file is ours: one template, two
values.
"""

import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPOSITORY = "https://github.com/smtpprovider/smtpprovider"

TEMPLATE = """\
// swift-tools-version:5.9
// The SmtpProvider Swift package, for SwiftPM by this repository's URL. Written by
// scripts/packaging/swift_package.py in each release: the XCFramework (the SDK's Rust library for iOS
// devices, the iOS simulator and macOS) is the release's asset, named by URL and checksum; the Swift
// is what uniffi-bindgen writes from that library, committed with this file under the release's
// Swift tag ({version}). For development on a Mac, uniffi/swift/Package.swift takes a local build.
import PackageDescription

let package = Package(
    name: "SmtpProvider",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "SmtpProvider", targets: ["SmtpProvider"]),
    ],
    targets: [
        .binaryTarget(
            name: "SmtpProviderFFI",
            url: "{repository}/releases/download/v{version}/SmtpProviderFFI.xcframework.zip",
            checksum: "{checksum}"
        ),
        .target(
            name: "SmtpProvider",
            dependencies: ["SmtpProviderFFI"],
            path: "uniffi/swift/Sources/SmtpProvider",
            linkerSettings: [.linkedFramework("Security"), .linkedFramework("SystemConfiguration")]
        ),
    ]
)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checksum", required=True, help="SHA-256 of the XCFramework zip (64 hex digits)")
    parser.add_argument("--version", help="the release's version (default: scripts/version.py's)")
    args = parser.parse_args()
    if not re.fullmatch(r"[0-9a-f]{64}", args.checksum):
        parser.error(f"--checksum: not a SHA-256 in hex: {args.checksum!r}")
    version = args.version or subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "version.py")], check=True, capture_output=True, text=True
    ).stdout.strip()
    text = TEMPLATE.format(version=version, checksum=args.checksum, repository=REPOSITORY)
    (ROOT / "Package.swift").write_text(text)
    print(f"Package.swift: v{version}, checksum {args.checksum}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
