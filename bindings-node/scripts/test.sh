#!/usr/bin/env bash
# Builds the `smtpprovider` npm package and runs its tests: the generated TypeScript layer is
# what the endpoint table gives (`smtpprovider-codegen --check`), then `node --test` (every
# endpoint, every error kind as its class, the shared scenarios, 500 concurrent calls, a soak of
# 50,000 at 256 in flight, no secret in the trace log or any inspect output, abort,
# ESM and CommonJS, a panic, the run-time table, TLS, trust stores and proxies against the real
# servers of tests/servers, `tsc --strict` on the typed script and the TypeScript quickstart, the
# JavaScript quickstart, the testing module, napi-rs's loader), and the `npm pack` tarballs of the
# main package and of this machine's platform package (the dev build in it) installed into an
# empty project running the quickstart (`scripts/pack_check.sh`).
#
#   bindings-node/scripts/test.sh            # from anywhere
#
# Needs node with npm (the package declares Node >= 22; Node 20 runs it too), and the Rust
# toolchain. `npm ci` installs the build and test tools (@napi-rs/cli, typescript) into
# bindings-node/node_modules. The native module is built with
# Cargo's dev profile to keep the run short (`npm run build` builds the release one).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
started=$SECONDS

"$here/../scripts/codegen_check.sh"

echo "==> npm ci (build and test tools)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "==> building the native module and napi-rs's loader (napi build, dev profile)"
build_started=$SECONDS
(cd "$here" && npm run --silent build:debug)
echo "    built in $((SECONDS - build_started))s"

echo "==> building the TLS and proxy test servers (tests/servers: nginx, tinyproxy, microsocks)"
(cd "$here/.." && cargo build --quiet --locked -p smtpprovider-test-servers)
export SMTPPROVIDER_TEST_SERVERS="${CARGO_TARGET_DIR:-$here/../target}/debug/smtpprovider-test-servers"

echo "==> node --test"
(cd "$here" && node --test test/)

echo "==> npm pack: the main and platform tarballs install into an empty project and run the quickstart there"
"$here/scripts/pack_check.sh"

echo "==> bindings-node: all checks passed in $((SECONDS - started))s"
