#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (the core's decoders) for a short while: `scripts/fuzz.sh
# [seconds per target]`, 25 by default; scripts/test.sh calls it. Needs a nightly toolchain:
# without one it says so and skips. Installs cargo-fuzz from crates.io when it is missing.
# Longer runs and reproducing a crash: fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-25}

if ! command -v rustup >/dev/null || ! rustup toolchain list | grep -q '^nightly'; then
  echo "==> fuzzing: SKIPPED, no nightly toolchain (rustup toolchain install nightly to run the fuzz targets)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "==> fuzzing: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Under the shared target dir, so the build and the corpus each run grows are kept between runs.
out="${CARGO_TARGET_DIR:-$PWD/target}/fuzz"
export CARGO_TARGET_DIR="$out"
# One codegen unit per crate (cargo-fuzz's default) leaves a core idle while the core crate builds.
flags=(--codegen-units 16)
cd fuzz
targets=$(cargo +nightly fuzz list)
echo "==> fuzzing: building $(echo $targets) (nightly, AddressSanitizer)"
SECONDS=0
cargo +nightly fuzz build "${flags[@]}"
echo "==> fuzzing: built in ${SECONDS}s"
for target in $targets; do
  echo "==> fuzzing: $target for ${seconds}s"
  mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
  # The corpus first (libFuzzer adds what it finds there), then the committed seeds, read only.
  if ! cargo +nightly fuzz run "${flags[@]}" "$target" "$out/corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict="$PWD/json.dict" \
    -artifact_prefix="$out/artifacts/$target/" 2>"$out/$target.log"; then
    tail -n 60 "$out/$target.log"
    echo "==> fuzzing: $target FAILED; the input is in $out/artifacts/$target/ (fuzz/README.md: reproduce it, then add it as a test)"
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units)' "$out/$target.log" || true
done
