#!/usr/bin/env bash
# Builds libsmtpprovider_uniffi and writes the Kotlin and Swift sources from it, into
# uniffi/build/generated/ (not committed: they are a function of the library, so every build makes
# them afresh; test.sh checks that two generations are identical).
#
#   uniffi/scripts/build.sh            # debug library (what the tests load)
#   uniffi/scripts/build.sh --release  # optimised library (benchmarks, packaging)
#
# Output:
#   $CARGO_TARGET_DIR/<profile>/libsmtpprovider_uniffi.{so,a}   the library (dylib on macOS)
#   uniffi/build/generated/kotlin/com/smtpprovider/...           Kotlin (package com.smtpprovider)
#   uniffi/build/generated/swift/*.swift, include/*.h            Swift and its C headers
#   uniffi/swift/Sources/SmtpProvider/*.swift                    the Swift package's copy
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

echo "==> uniffi: cargo build (library and uniffi-bindgen, $profile)"
cargo build --locked "${cargo_flags[@]}" -p smtpprovider-uniffi -p smtpprovider-uniffi-bindgen

case "$(uname -s)" in
  Darwin) library="$CARGO_TARGET_DIR/$profile/libsmtpprovider_uniffi.dylib" ;;
  *) library="$CARGO_TARGET_DIR/$profile/libsmtpprovider_uniffi.so" ;;
esac
bindgen="$CARGO_TARGET_DIR/$profile/uniffi-bindgen"

generate() { # out_dir
  local out=$1
  rm -rf "$out"
  mkdir -p "$out/kotlin" "$out/swift/include"
  # --no-format: ktlint and swift-format are not dependencies; the output is the same without them.
  "$bindgen" generate --library "$library" --language kotlin --no-format --out-dir "$out/kotlin" >/dev/null
  "$bindgen" generate --library "$library" --language swift --no-format --out-dir "$out/swift" >/dev/null
  mv "$out"/swift/*.h "$out/swift/include/"
  # One module map for both namespaces' headers: what an XCFramework's Headers/ carries.
  cat "$out"/swift/*.modulemap > "$out/swift/include/module.modulemap"
  rm "$out"/swift/*.modulemap
}

echo "==> uniffi: generating Kotlin and Swift from $library"
generate uniffi/build/generated
mkdir -p uniffi/swift/Sources/SmtpProvider
rm -f uniffi/swift/Sources/SmtpProvider/*.swift
cp uniffi/build/generated/swift/*.swift uniffi/swift/Sources/SmtpProvider/

# Reproducible: a second generation from the same library must be byte-identical.
if [ "${UNIFFI_CHECK_REPRODUCIBLE:-1}" = 1 ]; then
  again=$(mktemp -d)
  generate "$again/generated"
  diff -r uniffi/build/generated "$again/generated" >/dev/null \
    || { echo "uniffi: two generations differ" >&2; diff -r uniffi/build/generated "$again/generated" | head -20 >&2; exit 1; }
  rm -rf "$again"
fi
echo "==> uniffi: $library, sources in uniffi/build/generated"
