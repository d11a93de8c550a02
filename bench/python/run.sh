#!/usr/bin/env bash
# Runs bench/python/bench.py on a release build: a venv (bench/python/.venv) with the peers
# (httpx, requests, aiohttp, pyreqwest, pycurl, orjson, msgspec) and the smtpprovider wheel built
# by `maturin build --release`.
#
#   bench/python/run.sh [--seconds 2] [--rounds 3]
#   BENCH=rate_limit.py bench/python/run.sh [--calls 250] [--window 5]
#
# Needs Python >= 3.11 (pyreqwest's minimum). pycurl comes as a wheel on common platforms; where
# pip has to build it, it needs libcurl's headers, which this installs on Debian.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
venv="$here/.venv"

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet "maturin>=1.9.4,<2" httpx requests aiohttp pyreqwest orjson msgspec
if ! "${pip[@]}" install --quiet pycurl; then
  echo "==> pycurl has no wheel here: installing libcurl's headers to build it"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libcurl4-openssl-dev libssl-dev
  "${pip[@]}" install --quiet pycurl
fi

echo "==> maturin build --release"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root/bindings-python" && "$venv/bin/maturin" build --release --out "$out" --quiet)
"${pip[@]}" install --quiet --force-reinstall --no-deps "$out"/smtpprovider-*.whl

# `BENCH=rate_limit.py bench/python/run.sh` runs the bulk job at the rate limit instead.
(cd "$here" && "$venv/bin/python" "${BENCH:-bench.py}" "$@")
