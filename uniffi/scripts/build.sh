#!/usr/bin/env bash
# Builds the two native libraries for this machine and writes the Kotlin and Swift sources of
# them (generate.sh, from the debug build):
#   libsmtpprovider_uniffi          the SDK, what apps ship
#   libsmtpprovider_uniffi_testing  the API sandbox, for their tests
#
#   uniffi/scripts/build.sh            # debug libraries (what the tests load)
#   uniffi/scripts/build.sh --release  # and optimised ones (benchmarks, the XCFramework)
#
# Output: $CARGO_TARGET_DIR/<profile>/libsmtpprovider_uniffi{,_testing}.{so,a} (dylib on macOS),
# and generate.sh's.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

case "${1:-}" in
  "") ;;
  --release)
    echo "==> uniffi: cargo build --release (both libraries)"
    cargo build --locked --release -p smtpprovider-uniffi -p smtpprovider-uniffi-testing
    ;;
  *) echo "usage: $0 [--release]" >&2; exit 2 ;;
esac
uniffi/scripts/generate.sh
