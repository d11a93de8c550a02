#!/usr/bin/env bash
# The Swift checks Linux allows (there is no Swift toolchain here; on a Mac, build-xcframework.sh
# and `swift build` do the real thing). Run after build.sh, for each of the two libraries:
#   1. each generated C header compiles (gcc -fsyntax-only), alone and together;
#   2. every FFI function the headers declare and the Swift calls is exported by the built library;
#   3. the Swift sources parse with tree-sitter-swift (npm, installed from the lockfile with
#      --ignore-scripts: the packages ship their own prebuilt parsers, and tree-sitter-cli's
#      install script would download a binary from outside the registry);
#   4. their API is written to build/generated/swift/api.json, which the Kotlin suite's
#      SwiftApiTest compares with the endpoint table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd .. && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

# Each library's generated Swift: the SDK's, then the testing library's (with its hand-written
# client() extension, which imports the SDK's module).
check_library() {  # GENERATED_DIR LIBRARY EXTRA_SWIFT...
  local generated=$1 library=$2
  shift 2

  echo "==> swift-check: $generated: C headers compile"
  # The headers use clang's nullability qualifiers (Apple's compilers); gcc has none, so they are
  # defined empty here. Each header is included from a file of its own (a header compiled as the
  # main file warns about its `#pragma once`), then all together.
  local cflags=(-fsyntax-only -Wall -Wextra -Werror -std=c11 -D_Nullable= -D_Nonnull=) probe header
  probe=$(mktemp -d)
  for header in "$generated"/include/*.h; do
    echo "#include \"$(realpath "$header")\"" > "$probe/one.c"
    gcc "${cflags[@]}" "$probe/one.c"
    echo "#include \"$(realpath "$header")\"" >> "$probe/all.c"
  done
  gcc "${cflags[@]}" "$probe/all.c"
  rm -rf "$probe"

  echo "==> swift-check: every FFI symbol the headers and Swift use is in $(basename "$library")"
  local exported used missing
  exported=$(mktemp)
  nm -D --defined-only "$library" | awk '{print $3}' | sort -u > "$exported"
  used=$(mktemp)
  {
    grep -ohE '\b(uniffi|ffi)_[a-z0-9_]+\s*\(' "$generated"/include/*.h | tr -d ' ('
    grep -ohE '\b(uniffi|ffi)_smtpprovider[a-z0-9_]*\b' "$generated"/*.swift
  } | sort -u > "$used"
  missing=$(comm -23 "$used" "$exported")
  if [ -n "$missing" ]; then
    echo "swift-check: used but not exported by $library:" >&2
    echo "$missing" >&2
    exit 1
  fi
  echo "swift-check: $(wc -l < "$used") FFI symbols, all exported"
  rm -f "$exported" "$used"

  echo "==> swift-check: $generated: the Swift sources parse (tree-sitter-swift)"
  node swift-check/check.js "$generated/api.json" "$generated"/*.swift "$@"
}

(cd swift-check && npm ci --no-audit --no-fund --ignore-scripts --silent)
check_library build/generated/swift "$CARGO_TARGET_DIR/debug/libsmtpprovider_uniffi.so" \
  swift/ErrorDetailsOfAnyKind.swift
check_library build/generated-testing/swift "$CARGO_TARGET_DIR/debug/libsmtpprovider_uniffi_testing.so" \
  swift/Sources/SmtpProviderTesting/SandboxClient.swift
