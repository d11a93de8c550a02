#!/usr/bin/env bash
# Proves the package as users get it, with the native module already built in bindings-node
# (`npm run build` or `npm run build:debug`): `npm pack` of the main package (which must hold no
# `.node`) and of this machine's platform package (npm/<platform>/ with that `.node` put in), both
# installed from their tarballs into an empty project, nothing of ours from a registry; there
# `require` and `import` agree, the native module is the platform package's, calls reach a sandbox
# (scripts/smoke.cjs), and the quickstart runs. scripts/packaging/npm.sh --smoke does the same with the
# release builds of every Linux target.
#
#   bindings-node/scripts/pack_check.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "pack_check: FAILED: $*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64-gnu ;;
  Linux-aarch64) platform=linux-arm64-gnu ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  *) fail "no platform package for $(uname -s) $(uname -m) here" ;;
esac
if [ "$(uname -s)" = Linux ] && ldd --version 2>&1 | grep -qi musl; then platform="${platform%-gnu}-musl"; fi
node_file="$here/smtpprovider.$platform.node"
[ -f "$node_file" ] || fail "no $node_file: run npm run build:debug first"

# The main package as published: package.json with its optionalDependencies, the licences as files.
node "$here/scripts/stage_main.cjs" "$work/main"
main="$(cd "$work/main" && npm pack --silent --pack-destination "$work")"
! tar -tzf "$work/$main" | grep -q '\.node$' || fail "$main holds a .node"
# The platform package as scripts/packaging/npm.sh makes it, in a copy of its folder.
cp -r "$here/npm/$platform" "$work/$platform"
cp "$node_file" "$work/$platform/"
cp -L "$here/LICENSE-MIT" "$here/LICENSE-APACHE" "$work/$platform/"
native="$(cd "$work/$platform" && npm pack --silent --pack-destination "$work")"
echo "    packed $main ($(du -k "$work/$main" | cut -f1) KiB, no .node) and $native ($(du -k "$work/$native" | cut -f1) KiB)"

mkdir "$work/project"
cd "$work/project"
printf '{ "name": "pack-check", "version": "0.0.0", "private": true }\n' >package.json
# --offline: the other platforms' optional packages are skipped, as npm skips any it cannot have.
npm install --offline --no-audit --no-fund --loglevel=error "$work/$main" "$work/$native"
[ -z "$(find node_modules/smtpprovider -name '*.node')" ] || fail "the main package installed a .node"
cp "$here/scripts/smoke.cjs" "$here/examples/quickstart.mjs" .
node smoke.cjs "$platform"
node quickstart.mjs | tail -1
