#!/usr/bin/env bash
# The two uniffi libraries (the SDK's and the testing one) of one macOS or Windows target, for the
# JVM artifacts: the release workflow's native jobs run it on their own runners, and its jvm job
# packs what they made (scripts/packaging/jvm.sh --with PREFIX=DIR). Linux's are jvm.sh's own.
#
#   dist/jvm-natives/<JNA prefix>/   libsmtpprovider_uniffi{,_testing}.dylib, or the two .dll files
#
#   scripts/packaging/uniffi_natives.sh --target T [--profile NAME]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

target="" profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    *) echo "usage: $0 --target T [--profile NAME]" >&2; exit 2 ;;
  esac
done
case "$target" in
  x86_64-apple-darwin) prefix=darwin-x86-64 files=(libsmtpprovider_uniffi.dylib libsmtpprovider_uniffi_testing.dylib) ;;
  aarch64-apple-darwin) prefix=darwin-aarch64 files=(libsmtpprovider_uniffi.dylib libsmtpprovider_uniffi_testing.dylib) ;;
  x86_64-pc-windows-msvc) prefix=win32-x86-64 files=(smtpprovider_uniffi.dll smtpprovider_uniffi_testing.dll) ;;
  *) echo "uniffi_natives.sh: $target is not a macOS or Windows target (Linux's: scripts/packaging/jvm.sh)" >&2; exit 2 ;;
esac

echo "==> cargo build --target $target --profile $profile -p smtpprovider-uniffi -p smtpprovider-uniffi-testing"
(cd "$root" && cargo build --locked --target "$target" --profile "$profile" \
  -p smtpprovider-uniffi -p smtpprovider-uniffi-testing)
out="$dist/jvm-natives/$prefix"
rm -rf "$out" && mkdir -p "$out"
for file in "${files[@]}"; do
  cp "$CARGO_TARGET_DIR/$target/$profile/$file" "$out/"
done
ls -l "$out"
