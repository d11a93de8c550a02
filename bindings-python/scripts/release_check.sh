#!/usr/bin/env bash
# Builds the release wheel with `maturin build --release`, installs it into a clean virtual
# environment and runs examples/quickstart.py against the embedded sandbox. Also builds it without
# the `sandbox` feature, to show what the embedded sandbox adds to the wheel.
#
#   bindings-python/scripts/release_check.sh      # wheels land in target/wheels/release-check
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
# A folder of its own: other builds (pip's PEP 517 builds among them) also write to target/wheels.
wheels="$here/../target/wheels/release-check"
tools="$(mktemp -d)"
clean="$(mktemp -d)"
trap 'rm -rf "$tools" "$clean"' EXIT

"$python" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2"
maturin="$tools/venv/bin/maturin"

echo "==> maturin build --release (without the sandbox, for the size comparison)"
rm -rf "$wheels" && mkdir -p "$wheels/lean"
(cd "$here" && "$maturin" build --release --no-default-features --out "$wheels/lean" --quiet)
echo "==> maturin build --release"
(cd "$here" && "$maturin" build --release --out "$wheels" --quiet)

shopt -s nullglob
built=("$wheels"/smtpprovider-*.whl)
[ ${#built[@]} -eq 1 ] || { echo "expected one wheel, found ${#built[@]}" >&2; exit 1; }
wheel="${built[0]}"
case "$wheel" in *-cp39-abi3-*) ;; *) echo "not an abi3 wheel: $wheel" >&2; exit 1 ;; esac
lean=("$wheels"/lean/smtpprovider-*.whl)
size() { stat -c %s "$1"; }
echo "    $(basename "$wheel"): $(( $(size "$wheel") / 1024 )) KiB"
echo "    without the sandbox feature: $(( $(size "${lean[0]}") / 1024 )) KiB" \
     "(the embedded sandbox adds $(( ($(size "$wheel") - $(size "${lean[0]}")) / 1024 )) KiB)"

echo "==> a clean venv: install the wheel, run examples/quickstart.py"
"$python" -m venv "$clean/venv"
"$clean/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel"
(cd "$clean" && "$clean/venv/bin/python" "$here/examples/quickstart.py" --subscribers 10)
