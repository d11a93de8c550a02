#!/usr/bin/env bash
# Every checked-in file codegen writes from the core's tables is current: the Node layer, Python's
# stubs and exception module, the Kotlin and Swift error accessors, every README's call, error
# and option tables, and docs/reference.md. The full run and each binding's own script call it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> codegen --check: the files generated from the core's tables are current"
cargo run --quiet --locked -p smtpprovider-codegen -- --check
