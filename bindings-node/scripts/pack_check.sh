#!/usr/bin/env bash
# Proves the package as users get it: `npm pack` makes a tarball, which installs into an empty
# project and runs the quickstart there against the embedded sandbox. Uses the native module
# already built in bindings-node (run `npm run build` or `npm run build:debug` first).
#
#   bindings-node/scripts/pack_check.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$here" && npm pack --silent --pack-destination "$work")"
echo "    packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"
mkdir "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"
cp "$here/examples/quickstart.mjs" .
node quickstart.mjs | tail -1
node -e "const { Client } = require('smtpprovider'); if (typeof Client.login !== 'function') process.exit(1)"
