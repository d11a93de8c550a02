#!/usr/bin/env bash
# Builds the two native libraries for this machine and writes the Kotlin and Swift sources from
# them (generate.sh):
#   libsmtpprovider_uniffi          the SDK, what apps ship
#   libsmtpprovider_uniffi_testing  the API sandbox, for their tests
#
#   uniffi/scripts/build.sh            # debug libraries (what the tests load)
#   uniffi/scripts/build.sh --release  # optimised libraries (benchmarks, the XCFramework)
#
# Output: $CARGO_TARGET_DIR/<profile>/libsmtpprovider_uniffi{,_testing}.{so,a} (dylib on macOS),
# and generate.sh's.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

profile=debug
cargo_flags=()
if [ "${1:-}" = "--release" ]; then
  profile=release
  cargo_flags+=(--release)
fi

echo "==> uniffi: cargo build (the SDK's and the testing library, $profile)"
cargo build --locked "${cargo_flags[@]}" -p smtpprovider-uniffi -p smtpprovider-uniffi-testing
uniffi/scripts/generate.sh "$CARGO_TARGET_DIR/$profile"
