#!/usr/bin/env bash
# Builds the release wheel as it ships, checks that it installs where Python really runs, installs it
# into a clean virtual environment and runs examples/quickstart.py against the embedded sandbox. Also
# builds it without the `sandbox` feature, to show what the embedded sandbox adds to the wheel.
#
# The wheel is abi3 (one wheel for CPython >= 3.9) and manylinux2014, i.e. glibc >= 2.17: Ubuntu
# 20.04, Debian 11, Amazon Linux 2, RHEL 7/8. A plain `maturin build` on this Debian 12 host would
# link against glibc 2.36's symbol versions and give a manylinux_2_34 wheel; `--zig` links against
# glibc 2.17's instead, so no manylinux docker image is needed. check_wheel.sh checks the tags and
# the symbol versions; any failed check fails the script, saying which.
#
#   bindings-python/scripts/release_check.sh               # wheels land in target/wheels/release-check
#   bindings-python/scripts/release_check.sh --debian-11   # and install and run it in a Debian 11 chroot
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
debian_11=false
case "${1:-}" in
  "") ;;
  --debian-11) debian_11=true ;;
  *) echo "usage: $0 [--debian-11]" >&2; exit 2 ;;
esac
# A folder of its own: other builds (pip's PEP 517 builds among them) also write to target/wheels.
wheels="$here/../target/wheels/release-check"
# The build tools' venv is kept between runs: maturin hands its Python's path to pyo3's build script,
# and a new path each run would rebuild pyo3 and every crate above it.
tools="$here/../target/release-check-tools"
clean="$(mktemp -d)"
trap 'rm -rf "$clean"' EXIT

fail() { echo "release_check: FAILED: $*" >&2; exit 1; }

[ -x "$tools/venv/bin/python" ] || "$python" -m venv "$tools/venv"
# ziglang: zig releases change the linker's command line, so the range is the one tested here.
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.9.4,<2" "ziglang>=0.17.1,<0.18" "auditwheel>=6.8,<7"
maturin="$tools/venv/bin/maturin"
# On PATH: the venv's python3 (maturin runs zig as its `ziglang` module) and auditwheel (check_wheel.sh).
export PATH="$tools/venv/bin:$PATH"
build() {
  local started=$SECONDS
  (cd "$here" && "$maturin" build --release --zig --compatibility manylinux2014 --quiet "$@") || return
  echo "    built in $((SECONDS - started))s"
}

rm -rf "$wheels" && mkdir -p "$wheels/lean"
# The size comparison is for people reading the numbers; CI (CI=true) skips that second release build.
if [ "${CI:-}" != true ]; then
  echo "==> maturin build --release --zig --compatibility manylinux2014 (without the sandbox, for the size comparison)"
  build --no-default-features --out "$wheels/lean" || fail "maturin build --no-default-features"
fi
echo "==> maturin build --release --zig --compatibility manylinux2014"
build --out "$wheels" || fail "maturin build"

shopt -s nullglob
built=("$wheels"/smtpprovider-*.whl)
[ ${#built[@]} -eq 1 ] || fail "expected one wheel in $wheels, found ${#built[@]}"
wheel="${built[0]}"
lean=("$wheels"/lean/smtpprovider-*.whl)
size() { stat -c %s "$1"; }
echo "    $(basename "$wheel"): $(( $(size "$wheel") / 1024 )) KiB"
if [ ${#lean[@]} -eq 1 ]; then
  echo "    without the sandbox feature: $(( $(size "${lean[0]}") / 1024 )) KiB" \
       "(the embedded sandbox adds $(( ($(size "$wheel") - $(size "${lean[0]}")) / 1024 )) KiB)"
fi

"$here/scripts/check_wheel.sh" "$wheel"

echo "==> a clean venv: install the wheel, run examples/quickstart.py"
"$python" -m venv "$clean/venv"
"$clean/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" \
  || fail "pip did not install $wheel"
(cd "$clean" && "$clean/venv/bin/python" "$here/examples/quickstart.py" --subscribers 10) \
  || fail "examples/quickstart.py failed with the installed wheel"

if $debian_11; then
  "$here/scripts/debian_11_check.sh" "$wheel"
fi
echo "==> release_check: the wheel passed every check"
