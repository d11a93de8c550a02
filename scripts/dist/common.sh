# Shared by the dist scripts (scripts/dist/*.sh), sourced, not run: where things go, the build
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

# `rustup target add` for each target not yet installed.
ensure_rust_targets() {
  local installed
  installed="$(rustup target list --installed)"
  for target in "$@"; do
    grep -qx "$target" <<<"$installed" || rustup target add "$target"
  done
}

# Bytes of a file, for the size report.
size_of() { stat -c %s "$1"; }
