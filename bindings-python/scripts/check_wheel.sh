#!/usr/bin/env bash
# Checks that a wheel is one that installs where Python really runs: `cp39-abi3` (every CPython from
# 3.9) and `manylinux_2_17_x86_64` (glibc 2.17 or newer) in its name, `auditwheel show` agreeing, and
# no glibc symbol version above 2.17 in its extension module by readelf's count. Exits non-zero,
# saying which check failed, otherwise.
#
#   bindings-python/scripts/check_wheel.sh WHEEL      # needs auditwheel on PATH, readelf (binutils)
set -euo pipefail

[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 WHEEL" >&2; exit 2; }
wheel="$1"
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }
command -v auditwheel >/dev/null || fail "auditwheel is missing (pip install auditwheel)"
command -v readelf >/dev/null || fail "readelf is missing (Debian: apt-get install binutils)"
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT

# The manylinux tag and the glibc it allows.
glibc_floor=2.17
platform_tag=manylinux_2_17_x86_64

# True when version $1 <= version $2.
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

echo "==> the wheel's tags: cp39-abi3, $platform_tag"
case "$(basename "$wheel")" in *-cp39-abi3-*) ;; *) fail "not a cp39-abi3 wheel: $wheel" ;; esac
case "$(basename "$wheel")" in *"$platform_tag"*) ;; *) fail "not a $platform_tag wheel: $wheel" ;; esac

echo "==> auditwheel show"
verdict="$(auditwheel show "$wheel")" || fail "auditwheel show $wheel: $verdict"
# auditwheel wraps its lines; join them before reading the tag it says the wheel is consistent with.
verdict="$(tr '\n' ' ' <<<"$verdict")"
audited="$(grep -o 'consistent with the following platform tag: *"[^"]*"' <<<"$verdict" \
  | grep -o 'manylinux_[0-9]*_[0-9]*' || true)"
[ -n "$audited" ] || fail "auditwheel found no manylinux tag for $wheel: $verdict"
audited_glibc="$(sed -E 's/manylinux_([0-9]+)_([0-9]+)/\1.\2/' <<<"$audited")"
version_le "$audited_glibc" "$glibc_floor" \
  || fail "auditwheel says $audited, which needs glibc newer than $glibc_floor"
echo "    auditwheel: consistent with ${audited}_x86_64"

echo "==> readelf: the extension's highest GLIBC symbol version"
# A second opinion from binutils: the versions the extension needs from glibc (.gnu.version_r).
python3 -m zipfile -e "$wheel" "$unpacked"
extension=("$unpacked"/smtpprovider/_native*.so)
[ -f "${extension[0]}" ] && [ ${#extension[@]} -eq 1 ] \
  || fail "expected one extension module in the wheel, found ${#extension[@]}"
highest="$(readelf --version-info --wide "${extension[0]}" | grep -o 'Name: GLIBC_[0-9.]*' \
  | sed 's/Name: GLIBC_//' | sort -uV | tail -n1 || true)"
[ -n "$highest" ] || fail "readelf found no GLIBC symbol versions in ${extension[0]}"
version_le "$highest" "$glibc_floor" || fail "the extension needs GLIBC_$highest, newer than $glibc_floor"
echo "    highest: GLIBC_$highest (allowed: $glibc_floor)"
