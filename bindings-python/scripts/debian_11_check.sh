#!/usr/bin/env bash
# Installs a wheel on a real Debian 11 (bullseye: glibc 2.31 and Python 3.9, the oldest CPython the
# abi3 wheel is for) and runs examples/quickstart.py there, in a chroot that debootstrap makes from
# deb.debian.org. The symbol checks of scripts/packaging/python.sh say the wheel should run on glibc 2.17; this
# shows a real older system taking it (a manylinux_2_34 wheel is refused there). Needs root and
# about two minutes; installs debootstrap if it is missing.
#
#   bindings-python/scripts/debian_11_check.sh dist/python/smtpprovider-*manylinux*x86_64.whl
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 WHEEL" >&2; exit 2; }
wheel="$1"
fail() { echo "debian_11_check: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap and chroot)"

if ! command -v debootstrap >/dev/null; then
  echo "==> installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

root="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$root" "$log"' EXIT
echo "==> debootstrap bullseye (python3, python3-venv)"
debootstrap --variant=minbase --include=python3,python3-venv bullseye "$root" \
  http://deb.debian.org/debian >"$log" 2>&1 || { tail -n 20 "$log" >&2; fail "debootstrap"; }

mkdir "$root/check"
cp "$wheel" "$here/examples/quickstart.py" "$root/check/"
echo "==> in Debian 11: $(chroot "$root" ldd --version | head -n1), $(chroot "$root" python3 --version)"
# --no-index: the wheel has no dependencies, and pip must take this wheel or refuse it.
chroot "$root" /bin/sh -c 'cd /check && python3 -m venv venv \
  && venv/bin/pip install --quiet --no-index --disable-pip-version-check ./*.whl' \
  || fail "pip in Debian 11 refused $(basename "$wheel")"
chroot "$root" /bin/sh -c 'cd /check && venv/bin/python quickstart.py --subscribers 10' \
  || fail "examples/quickstart.py failed in Debian 11"
echo "==> debian_11_check: installed and ran in Debian 11"
