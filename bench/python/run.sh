#!/usr/bin/env bash
# Runs bench/python/bench.py on a release build: a venv (bench/python/.venv) with httpx, requests
# and aiohttp, and the smtpprovider wheel built by `maturin build --release`.
#
#   bench/python/run.sh [--seconds 2] [--rounds 3]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
venv="$here/.venv"

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet "maturin>=1.9.4,<2" httpx requests aiohttp

echo "==> maturin build --release"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root/bindings-python" && "$venv/bin/maturin" build --release --out "$out" --quiet)
"${pip[@]}" install --quiet --force-reinstall --no-deps "$out"/smtpprovider-*.whl

(cd "$here" && "$venv/bin/python" bench.py "$@")
