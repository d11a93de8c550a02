#!/usr/bin/env bash
# Checks that a Linux wheel is one that installs where Python really runs: `cp39-abi3` (every
# CPython from 3.9) and the platform tag in its name, `auditwheel show` agreeing, its extension
# module an ELF for the tag's machine, and, read by readelf:
#   manylinux_X_Y_ARCH:  no glibc symbol version above X.Y;
#   musllinux_X_Y_ARCH:  no program interpreter, and no needed library but musl's libc
#                        (libc.musl-ARCH.so.1), or none; no glibc symbol version at all.
# Exits non-zero, saying which check failed, otherwise.
#
#   bindings-python/scripts/check_wheel.sh WHEEL [PLATFORM_TAG]   # default manylinux_2_17_x86_64
#   bindings-python/scripts/check_wheel.sh dist/python/*musllinux_1_2_aarch64.whl musllinux_1_2_aarch64
#
# Needs auditwheel on PATH (scripts/packaging/common.sh's ensure_tools puts it there) and readelf (binutils).
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] && [ -f "$1" ] || { echo "usage: $0 WHEEL [PLATFORM_TAG]" >&2; exit 2; }
wheel="$1"
platform_tag="${2:-manylinux_2_17_x86_64}"
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }
command -v auditwheel >/dev/null || fail "auditwheel is missing (pip install auditwheel)"
command -v readelf >/dev/null || fail "readelf is missing (Debian: apt-get install binutils)"
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT

# The tag's family (manylinux or musllinux), the libc version it allows, and the machine.
[[ "$platform_tag" =~ ^(manylinux|musllinux)_([0-9]+)_([0-9]+)_(x86_64|aarch64)$ ]] \
  || fail "not a platform tag this script knows: $platform_tag"
family="${BASH_REMATCH[1]}"
libc_floor="${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
arch="${BASH_REMATCH[4]}"
case "$arch" in
  x86_64) elf_machine="Advanced Micro Devices X86-64" ;;
  aarch64) elf_machine="AArch64" ;;
esac

# True when version $1 <= version $2.
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

echo "==> $(basename "$wheel"): tags cp39-abi3, $platform_tag"
case "$(basename "$wheel")" in *-cp39-abi3-*) ;; *) fail "not a cp39-abi3 wheel: $wheel" ;; esac
case "$(basename "$wheel")" in *"$platform_tag"*) ;; *) fail "not a $platform_tag wheel: $wheel" ;; esac

echo "==> auditwheel show"
verdict="$(auditwheel show "$wheel" 2>&1)" || fail "auditwheel show $wheel: $verdict"
# auditwheel wraps its lines; join them before reading the tag it says the wheel is consistent with.
verdict="$(tr '\n' ' ' <<<"$verdict")"
audited="$(grep -o 'consistent with the following platform tag: *"[^"]*"' <<<"$verdict" \
  | grep -oE "${family}_[0-9]+_[0-9]+_[a-z0-9_]+" || true)"
[ -n "$audited" ] || fail "auditwheel found no $family tag for $wheel: $verdict"
[[ "$audited" == *"_$arch" ]] || fail "auditwheel says $audited, not an $arch tag"
audited_libc="$(sed -E "s/${family}_([0-9]+)_([0-9]+)_.*/\1.\2/" <<<"$audited")"
version_le "$audited_libc" "$libc_floor" \
  || fail "auditwheel says $audited, which needs a libc newer than $family's $libc_floor"
echo "    auditwheel: consistent with $audited"

python3 -m zipfile -e "$wheel" "$unpacked"
extension=("$unpacked"/smtpprovider/_native*.so)
[ -f "${extension[0]}" ] && [ ${#extension[@]} -eq 1 ] \
  || fail "expected one extension module in the wheel, found ${#extension[@]}"
so="${extension[0]}"

echo "==> readelf: the extension's machine"
machine="$(readelf -h "$so" | sed -n 's/^ *Machine: *//p')"
[ "$machine" = "$elf_machine" ] || fail "the extension is for '$machine', not $arch ('$elf_machine')"
echo "    $machine"

glibc_versions="$(readelf --version-info --wide "$so" | grep -o 'Name: GLIBC_[0-9.]*' \
  | sed 's/Name: GLIBC_//' | sort -uV || true)"
needed="$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
if [ "$family" = manylinux ]; then
  echo "==> readelf: the extension's highest GLIBC symbol version"
  highest="$(tail -n1 <<<"$glibc_versions")"
  [ -n "$highest" ] || fail "readelf found no GLIBC symbol versions in $so"
  version_le "$highest" "$libc_floor" || fail "the extension needs GLIBC_$highest, newer than $libc_floor"
  echo "    highest: GLIBC_$highest (allowed: $libc_floor); needs: $(tr '\n' ' ' <<<"$needed")"
else
  echo "==> readelf: no glibc in a musl extension (interpreter, needed libraries, symbol versions)"
  ! readelf -l "$so" | grep -q 'program interpreter' \
    || fail "the extension names a program interpreter: $(readelf -l "$so" | grep 'program interpreter')"
  [ -z "$glibc_versions" ] || fail "the extension needs glibc symbol versions: $(tr '\n' ' ' <<<"$glibc_versions")"
  while read -r library; do
    [ -z "$library" ] || [ "$library" = "libc.musl-$arch.so.1" ] \
      || fail "the extension needs $library; a musl extension may need libc.musl-$arch.so.1 only"
  done <<<"$needed"
  echo "    no interpreter, no GLIBC_ versions; needs: ${needed:-nothing}"
fi
