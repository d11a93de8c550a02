#!/usr/bin/env bash
# Builds SmtpProviderFFI.xcframework for the Swift package (uniffi/swift), on macOS with Xcode:
# the static library for iOS devices, the iOS simulator (arm64 + x86_64) and macOS (arm64 +
# x86_64), each with the generated C headers and one module map. Not run on Linux (no Apple
# toolchain); see uniffi/README.md.
#
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin
#   uniffi/scripts/build-xcframework.sh
#   cd uniffi/swift && swift build
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS and Xcode" >&2; exit 1; }

# The Swift sources and headers, generated from the host's release build.
uniffi/scripts/build.sh --release
headers=uniffi/build/generated/swift/include

lib=libsmtpprovider_uniffi.a
for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do
  cargo build --locked --release -p smtpprovider-uniffi --features swift --target "$target"
done
out=uniffi/build/xcframework
rm -rf "$out" uniffi/swift/SmtpProviderFFI.xcframework
mkdir -p "$out/ios-sim" "$out/macos"
lipo -create -output "$out/ios-sim/$lib" \
  "$CARGO_TARGET_DIR/aarch64-apple-ios-sim/release/$lib" "$CARGO_TARGET_DIR/x86_64-apple-ios/release/$lib"
lipo -create -output "$out/macos/$lib" \
  "$CARGO_TARGET_DIR/aarch64-apple-darwin/release/$lib" "$CARGO_TARGET_DIR/x86_64-apple-darwin/release/$lib"
xcodebuild -create-xcframework \
  -library "$CARGO_TARGET_DIR/aarch64-apple-ios/release/$lib" -headers "$headers" \
  -library "$out/ios-sim/$lib" -headers "$headers" \
  -library "$out/macos/$lib" -headers "$headers" \
  -output uniffi/swift/SmtpProviderFFI.xcframework
echo "uniffi/swift/SmtpProviderFFI.xcframework"
