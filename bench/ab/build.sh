#!/usr/bin/env bash
# Builds one side of an A/B comparison of two commits (bench/ab/compare.py): from the source
# checkout SRC (a git worktree of the commit, e.g. `git worktree add /tmp/old 57a32e5`), release
# builds into OUT, which is then self-contained (SRC may go):
#
#   OUT/core-worker      the Rust core's worker (bench/src/bin/ab_worker.rs, built against SRC's core)
#   OUT/wheel/*.whl      the Python wheel as `maturin build --release` ships it (stripped)
#   OUT/venv/            a venv with that wheel and bench.py's peers (pyreqwest, aiohttp, ...)
#   OUT/node/            the Node package's files with the `.node` `npm run build` writes (`--strip`)
#   OUT/commit           SRC's commit
#
#   bench/ab/build.sh SRC OUT [core] [python] [node]     # default: all three
#
# The worker's source is this checkout's `bench/src/bin/ab_worker.rs` (with `bench/src/process.rs`,
# which it includes by path); both are copied into SRC
# (untracked there) when SRC's differs, so an older commit is measured with the same worker. It
# uses only the core's and the sandbox's public API, which has not changed since the hyper-util
# transport (57a32e5). Cargo's target directory is CARGO_TARGET_DIR if set, else OUT/target, so
# a build never contends with the checkout's own target/. Never give both sides one
# CARGO_TARGET_DIR: Cargo names a workspace crate's build by its path within the workspace, the
# same in both checkouts, and the side built second (its files older than the first side's
# build) would be taken as up to date, i.e. measured with the other commit's code. Python >= 3.11 (pyreqwest's minimum),
# Node >= 18 with npm.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/.." && pwd)"
src="$(cd "$1" && pwd)"
mkdir -p "$2"
out="$(cd "$2" && pwd)"
shift 2
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(core python node)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$out/target}"
python="${PYTHON:-python3}"

git -C "$src" rev-parse HEAD >"$out/commit"
echo "==> $src at $(git -C "$src" log -1 --format='%h %s' | cut -c1-100), into $out"

for step in "${steps[@]}"; do
  case "$step" in
    core)
      echo "==> core: cargo build --release --bin ab_worker"
      # The worker and the module it includes by path (process.rs).
      for file in bin/ab_worker.rs process.rs; do
        cmp -s "$bench/src/$file" "$src/bench/src/$file" || cp "$bench/src/$file" "$src/bench/src/$file"
      done
      (cd "$src" && cargo build --locked --release --quiet -p smtpprovider-bench --bin ab_worker)
      cp "$CARGO_TARGET_DIR/release/ab_worker" "$out/core-worker"
      ;;
    python)
      echo "==> python: venv, peers, maturin build --release"
      [ -x "$out/venv/bin/python" ] || "$python" -m venv "$out/venv"
      pip=("$out/venv/bin/python" -m pip --disable-pip-version-check)
      # bench.py imports every peer it knows; the A/B measures pyreqwest.
      "${pip[@]}" install --quiet "maturin>=1.9.4,<2" httpx requests aiohttp pyreqwest orjson msgspec pycurl
      rm -rf "$out/wheel"
      (cd "$src/bindings-python" && "$out/venv/bin/maturin" build --release --out "$out/wheel" --quiet)
      "${pip[@]}" install --quiet --force-reinstall --no-deps "$out"/wheel/smtpprovider-*.whl
      ;;
    node)
      echo "==> node: npm ci, npm run build (release, stripped)"
      (cd "$src/bindings-node" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
      rm -rf "$out/node"
      mkdir -p "$out/node"
      # What the package ships (package.json's "files", globs expanded), package.json itself and
      # the module `npm run build` wrote beside them.
      (
        cd "$src/bindings-node"
        # shellcheck disable=SC2046 # the entries are file names and globs, to be expanded
        cp -r $(node -p '[...new Set(["package.json", "*.node", ...require("./package.json").files])].join("\n")') "$out/node/"
      )
      ;;
    *)
      echo "unknown step $step (core, python or node)" >&2
      exit 2
      ;;
  esac
done
echo "==> done: $out"
