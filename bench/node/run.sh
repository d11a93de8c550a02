#!/usr/bin/env bash
# Runs bench/node/bench.mjs on a release build of the Node package (`npm run build`), with
# undici from the package's dev dependencies.
#
#   bench/node/run.sh [--seconds 2] [--rounds 3]
#   BENCH=rate_limit.mjs bench/node/run.sh [--calls 250] [--window 5]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
package="$(cd "$here/../../bindings-node" && pwd)"

echo "==> npm ci and npm run build (release)"
(cd "$package" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
# `BENCH=rate_limit.mjs bench/node/run.sh` runs the bulk job at the rate limit instead.
node "$here/${BENCH:-bench.mjs}" "$@"
