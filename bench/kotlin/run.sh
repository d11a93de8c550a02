#!/usr/bin/env bash
# The Kotlin benchmark: release library and bindings (uniffi/scripts/build.sh --release), the
# core's side (core_calls), then the JUnit measurement. Prints a table of time per call.
#
#   bench/kotlin/run.sh [-Dbench.seconds=2] [-Dbench.rounds=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
UNIFFI_CHECK_REPRODUCIBLE=0 uniffi/scripts/build.sh --release
cargo build --locked --release -p smtpprovider-bench --bin core_calls
cd bench/kotlin
env -u SMTPPROVIDER_BASE_URL mvn -B -ntp -q test -Dnative.dir="$CARGO_TARGET_DIR/release" "$@"
