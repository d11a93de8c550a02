#!/usr/bin/env bash
# Runs bench/node/bench.mjs on a release build of the Node package (`npm run build`), with
# undici from the package's dev dependencies.
#
#   bench/node/run.sh [--seconds 2] [--rounds 3]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
package="$(cd "$here/../../bindings-node" && pwd)"

echo "==> npm ci and npm run build (release)"
(cd "$package" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
node "$here/bench.mjs" "$@"
