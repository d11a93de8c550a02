# shellcheck shell=bash disable=SC2034  # sourced: its variables are the callers'
# Shared by the dist scripts (scripts/packaging/*.sh), sourced, not run: where things go, the build
# tools, and the targets this machine builds.
#
# The tools (maturin, zig, cargo-zigbuild, auditwheel) come from PyPI into one venv kept in the
# cargo target dir, so that later runs reuse them and Cargo's build cache.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
dist="$root/dist"
tools="$CARGO_TARGET_DIR/dist-tools"

# Every Linux target built here; macOS and Windows come from the release workflow's runners.
ALL_LINUX_TARGETS="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl"

# Installs the build tools once (versions: the ranges tested here) and puts them on PATH.
ensure_tools() {
  if [ ! -x "$tools/venv/bin/cargo-zigbuild" ]; then
    echo "==> installing the build tools into $tools/venv (maturin, zig, cargo-zigbuild, auditwheel)"
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      "maturin>=1.9.4,<2" "ziglang>=0.17.1,<0.18" "cargo-zigbuild>=0.24,<0.25" "auditwheel>=6.8,<7"
  fi
  export PATH="$tools/venv/bin:$PATH"
}

# A Python with zopfli (PyPI), in a venv of its own, for npm.sh's tarballs and python.sh's wheels
# (zopfli_wheel.py): the macOS and Windows runners pack too.
zopfli_python() {
  local venv="$tools/zopfli" python
  python="$venv/bin/python"
  [ -x "$python" ] || python="$venv/Scripts/python.exe"
  if [ ! -x "$python" ]; then
    "$(command -v python3 || command -v python)" -m venv "$venv" >&2 || return
    python="$venv/bin/python"
    [ -x "$python" ] || python="$venv/Scripts/python.exe"
    "$python" -m pip install --quiet --disable-pip-version-check "zopfli>=0.2.3,<0.3" >&2 || return
  fi
  echo "$python"
}

# `rustup target add` for each target not yet installed.
ensure_rust_targets() {
  local installed
  installed="$(rustup target list --installed)"
  for target in "$@"; do
    grep -qx "$target" <<<"$installed" || rustup target add "$target"
  done
}

# The flags npm.sh and cli.sh take: --targets "T..." (default: every Linux target), --smoke,
# --profile NAME (default: release), and -h, which prints lines 2 to HELP_END of the script.
# Sets $targets, $smoke and $profile.
parse_dist_flags() {  # HELP_END ARGS...
  local help_end="$1"; shift
  targets="$ALL_LINUX_TARGETS"
  smoke=false
  profile=release
  while [ $# -gt 0 ]; do
    case "$1" in
      --targets) targets="$2"; shift 2 ;;
      --smoke) smoke=true; shift ;;
      --profile) profile="$2"; shift 2 ;;
      -h|--help) sed -n "2,${help_end}p" "$0"; exit 0 ;;
      *) echo "usage: $0 [--targets \"T...\"] [--smoke] [--profile NAME]" >&2; exit 2 ;;
    esac
  done
}

# Bytes of a file, for the size report.
size_of() { stat -c %s "$1"; }

# The newest GLIBC_ symbol version a Linux gnu binary or library asks for.
newest_glibc() { readelf -V --wide "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1; }

# Whether FILE (a gnu build) runs on glibc 2.17, as manylinux2014 promises: prints what it needs,
# or fails the calling script naming LABEL.
check_glibc_2_17() {  # LABEL FILE
  local newest
  newest="$(newest_glibc "$2")"
  if [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -1)" != 2.17 ]; then
    echo "$(basename "$0"): FAILED: $1: needs GLIBC_$newest, newer than 2.17" >&2
    exit 1
  fi
  echo "    readelf: newest glibc symbol version GLIBC_$newest; needs $(readelf -d "$2" | grep -o 'NEEDED.*' | grep -o '\[.*\]' | tr -d '[]' | tr '\n' ' ')"
}

# LLVM's objcopy as rustc ships it (for -C strip): it reads every target's ELF, where binutils'
# objcopy reads only the host's.
rust_objcopy() {
  local sysroot
  sysroot="$(rustc --print sysroot)"
  LD_LIBRARY_PATH="$sysroot/lib" "$sysroot/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/rust-objcopy" "$@"
}
