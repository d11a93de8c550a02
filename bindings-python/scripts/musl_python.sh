#!/usr/bin/env bash
# musl_python.sh DIR : builds a CPython linked against musl into DIR (DIR/bin/python3), so that an
# x86_64 musllinux wheel can be run on this glibc machine: Debian's `musl` gives the loader
# (/lib/ld-musl-x86_64.so.1) and `musl-tools` the compiler wrapper (musl-gcc), and the source is
# the upstream tarball of Debian's own python3.X source package (`apt-get source`, with a private
# list of the machine's Debian sources as deb-src; nothing added to the machine's apt sources).
# Debian has no musl Python, and nothing else here ships one.
#
# The modules the package and its quickstart import are built into the interpreter (Setup.local):
# musl-gcc sees musl's headers only, and setup.py's shared modules pick up glibc's from
# /usr/include, so they fail to build (noisy, harmless); no zlib, ssl, ctypes or pip, so wheels are
# unpacked onto PYTHONPATH rather than installed. About ten minutes on two cores; kept, a second
# run returns at once. x86_64 only: an aarch64 one would need an arm64 musl cross compiler.
#
# Used by scripts/packaging/python.sh --musl-run (not in CI).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir="$(mkdir -p "$1" && cd "$1" && pwd)"
fail() { echo "musl_python: FAILED: $*" >&2; exit 1; }
[ "$(uname -m)" = x86_64 ] || fail "builds an x86_64 musl Python only"
# Debian's own python3's version names the source package (python3.11 on Debian 12).
version="$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
stamp="$dir/.built"
if [ -x "$dir/bin/python$version" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  exit 0
fi

if ! command -v musl-gcc >/dev/null; then
  echo "==> installing musl-tools (musl-gcc)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends musl-tools >/dev/null
fi

work="$dir/.work"
rm -rf "$work" && mkdir -p "$work/apt/lists/partial" "$work/src"
echo "==> apt-get source python$version (the upstream tarball)"
# The machine's Debian sources, as deb-src, in a list of this script's own.
shopt -s nullglob
for sources in /etc/apt/sources.list.d/debian.sources; do
  sed 's/^Types: deb$/Types: deb-src/' "$sources" >"$work/apt/debian.sources"
done
shopt -u nullglob
touch "$work/apt/sources.list"
if [ -f /etc/apt/sources.list ]; then
  { grep -E '^deb ' /etc/apt/sources.list || true; } | sed 's/^deb /deb-src /' >"$work/apt/sources.list"
fi
apt=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o "Dir::Etc::SourceParts=$work/apt"
     -o "Dir::State::Lists=$work/apt/lists" -o APT::Sandbox::User=root)
apt-get "${apt[@]}" update -qq >/dev/null 2>&1 || fail "apt-get update (deb-src)"
# The security suite's newest .dsc may be missing; the upstream tarball is all that is needed.
(cd "$work/src" && apt-get "${apt[@]}" source --download-only "python$version" >/dev/null 2>&1 || true)
tarball=("$work"/src/python"$version"_*.orig.tar.*)
[ -f "${tarball[0]}" ] || fail "apt-get source python$version brought no upstream tarball"
tar -xf "${tarball[0]}" -C "$work/src"
source_dir="$(find "$work/src" -maxdepth 1 -type d -name 'Python-*' | head -n1)"
[ -n "$source_dir" ] || fail "no Python-* folder in ${tarball[0]}"

# configure asks the compiler for its multiarch triple and must hear the musl one.
cat >"$work/cc" <<'EOF'
#!/bin/sh
[ "$1" = --print-multiarch ] && { echo x86_64-linux-musl; exit 0; }
exec musl-gcc "$@"
EOF
chmod +x "$work/cc"
mkdir -p "$work/build"
cd "$work/build"
echo "==> configure and make (musl-gcc, log in $work/build)"
CC="$work/cc" CFLAGS=-O2 "$source_dir/configure" --prefix="$dir" --disable-test-modules \
  --without-ensurepip >configure.log 2>&1 || { tail -n 20 configure.log >&2; fail configure; }
{
  echo '*static*'
  grep -E '^(_blake2|_sha3|array|_asyncio|_bisect|_contextvars|_csv|_heapq|_json|_opcode|_pickle|_queue|_random|_struct|_typing|math|cmath|_statistics|_datetime|binascii|_md5|_sha1|_sha256|_sha512|unicodedata|fcntl|_posixsubprocess|select|_socket) ' \
    Modules/Setup.stdlib
} >Modules/Setup.local
# binascii without zlib's crc32 (there is no musl zlib here).
no_zlib=(MODULE_BINASCII_CFLAGS= MODULE_BINASCII_LDFLAGS=)
make -j"$(nproc)" "${no_zlib[@]}" >make.log 2>&1 || { tail -n 20 make.log >&2; fail make; }
make "${no_zlib[@]}" install >install.log 2>&1 || { tail -n 20 install.log >&2; fail "make install"; }
"$dir/bin/python$version" -c 'import _socket, select, _asyncio, _datetime, _json, binascii, urllib.request' \
  2>/dev/null || fail "the musl Python lacks a module the package needs"
echo "$version" >"$stamp"
rm -rf "$work"
echo "==> $dir/bin/python$version: $("$dir/bin/python$version" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null), musl"
