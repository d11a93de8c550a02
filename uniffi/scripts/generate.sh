#!/usr/bin/env bash
# Writes the Kotlin and Swift sources of the two native libraries (not committed: they are a
# function of the library, so every build makes them afresh; two generations are checked to be
# identical). uniffi-bindgen reads what to write from the library itself (library mode), from its
# symbol table, which the release and dist-ci builds strip: so the sources always come from this
# machine's debug build, which this script makes. They are the same for every build of the same
# source (uniffi's checksums are the API's, not the build's), whatever the target or profile.
#
#   uniffi/scripts/generate.sh
#
#   libsmtpprovider_uniffi          the SDK, what apps ship      -> uniffi/build/generated/
#   libsmtpprovider_uniffi_testing  the sandbox, for their tests -> uniffi/build/generated-testing/
#   each: kotlin/com/smtpprovider/... (the testing one: .../testing/), swift/*.swift, swift/include/*.h
#   uniffi/swift/Sources/SmtpProvider/*.swift         the Swift package's copy of the SDK's Swift, with
#                                                     uniffi/swift/ErrorDetailsOfAnyKind.swift (codegen's)
set -euo pipefail
[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

# The debug libraries, and uniffi-bindgen of the workspace's pinned uniffi, for this machine.
echo "==> uniffi: cargo build (both libraries and uniffi-bindgen, debug)"
cargo build --locked -p smtpprovider-uniffi -p smtpprovider-uniffi-testing -p smtpprovider-uniffi-bindgen
libdir="$CARGO_TARGET_DIR/debug"
bindgen="$libdir/uniffi-bindgen"

generate() { # library out_dir
  local library=$1 out=$2
  rm -rf "$out"
  mkdir -p "$out/kotlin" "$out/swift/include"
  # --no-format: ktlint and swift-format are not dependencies; the output is the same without them.
  "$bindgen" generate --library "$library" --language kotlin --no-format --out-dir "$out/kotlin" >/dev/null
  "$bindgen" generate --library "$library" --language swift --no-format --out-dir "$out/swift" >/dev/null
  mv "$out"/swift/*.h "$out/swift/include/"
  # One module map for the library's namespaces' headers: what an XCFramework's Headers/ carries.
  cat "$out"/swift/*.modulemap > "$out/swift/include/module.modulemap"
  rm "$out"/swift/*.modulemap
}

for name in smtpprovider_uniffi smtpprovider_uniffi_testing; do
  library="$libdir/lib$name.so"
  [ -f "$library" ] || library="$libdir/lib$name.dylib"
  [ -f "$library" ] || { echo "generate.sh: no lib$name.so or .dylib in $libdir" >&2; exit 1; }
  out=uniffi/build/generated
  [ "$name" = smtpprovider_uniffi ] || out=uniffi/build/generated-testing
  echo "==> uniffi: generating Kotlin and Swift from $library into $out"
  generate "$library" "$out"
  if [ "${UNIFFI_CHECK_REPRODUCIBLE:-1}" = 1 ]; then
    again=$(mktemp -d)
    generate "$library" "$again/generated"
    diff -r "$out" "$again/generated" >/dev/null \
      || { echo "uniffi: two generations differ" >&2; diff -r "$out" "$again/generated" | head -20 >&2; exit 1; }
    rm -rf "$again"
  fi
done
mkdir -p uniffi/swift/Sources/SmtpProvider
rm -f uniffi/swift/Sources/SmtpProvider/*.swift
# With the accessor uniffi cannot write (codegen's, checked in), into the same Swift module.
cp uniffi/build/generated/swift/*.swift uniffi/swift/ErrorDetailsOfAnyKind.swift uniffi/swift/Sources/SmtpProvider/
