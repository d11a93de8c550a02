#!/usr/bin/env bash
# Kept only while scripts/test.sh still calls it: the release wheels are built and checked by
# scripts/dist/python.sh alone (tags, auditwheel, readelf, license files, twine check, and with
# --smoke the wheel and the sdist installed into clean venvs and the aarch64 wheel run under qemu).
# This runs its CI subset; scripts/test.sh should call that line itself, and then this file goes.
#
#   bindings-python/scripts/release_check.sh [--debian-11]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
case "${1:-}" in
  "" | --debian-11) ;;
  *) echo "usage: $0 [--debian-11]" >&2; exit 2 ;;
esac
exec "$root/scripts/dist/python.sh" --smoke --profile dist-ci \
  --targets "x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl" "$@"
