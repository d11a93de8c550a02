#!/usr/bin/env bash
# Builds every artifact this machine can build into dist/, smoke-tests them, and writes the size
# report. The release workflow (.github/workflows/release.yml) runs the same scripts, per platform.
#
#   dist/python/     wheels (manylinux2014 and musllinux_1_2, x86_64 and aarch64; abi3) and the sdist
#   dist/npm/        the main npm package and one package per platform
#   dist/cli/        the `smtpprovider` binaries, one archive per target
#   dist/maven/      the JVM artifacts (SDK and testing sandbox, natives inside), a Maven repository
#   dist/crates/     smtpprovider-sandbox, smtpprovider and smtpprovider-cli as `cargo package` makes them
#   dist/SIZES.md    every dist/*/sizes.txt as one table
#
#   scripts/dist.sh                   # every Linux target, the release profile, every smoke test
#                                     # (python.sh --musl-run too: the x86_64 musl wheel run)
#   scripts/dist.sh --ci              # CI's subset (below), the dist-ci profile, their smoke tests
#   scripts/dist.sh --only "cli crates"   # some of: python npm cli jvm crates (default: all five)
#
# Each part is its own script, with the same flags (--targets "T...", --smoke, --profile NAME):
# scripts/packaging/python.sh, scripts/packaging/npm.sh, scripts/packaging/cli.sh, scripts/packaging/jvm.sh.
#
# CI's subset (--ci): for each ecosystem an x86_64 glibc artifact, an aarch64 one and a musl one,
# each smoke-tested, with as few Rust targets as that allows (each target is a cold build of every
# dependency): the wheels and npm packages for x86_64 and aarch64 glibc (their smoke tests run
# arm64 Python and Node under qemu) and x86_64 musl; the CLI for x86_64 glibc and aarch64 musl, a
# static binary that is both and runs under qemu as it is; the JVM artifacts with x86_64 and
# aarch64 glibc libraries, the example project run on them. The dist-ci profile (Cargo.toml) is
# the dev profile without debug info: about half the release build's CPU, larger and slower
# files, so the sizes in its report are not the release's.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=packaging/common.sh
source "$(dirname "$0")/packaging/common.sh"

ci=false
only="python npm cli jvm crates"
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=true; shift ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--ci] [--only \"python npm cli jvm crates\"]" >&2; exit 2 ;;
  esac
done
for part in $only; do
  case "$part" in python|npm|cli|jvm|crates) ;; *) echo "dist.sh: unknown part $part" >&2; exit 2 ;; esac
done
wants() { grep -qw "$1" <<<"$only"; }

if $ci; then
  profile="dist-ci"
  python_extra=()
  python_targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl"
  npm_targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl"
  cli_targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-musl"
  jvm_targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu"
else
  profile=release
  # The x86_64 musllinux wheel run in a musl CPython that python.sh builds once (ten minutes).
  python_extra=(--musl-run)
  python_targets="$ALL_LINUX_TARGETS"
  npm_targets="$ALL_LINUX_TARGETS"
  cli_targets="$ALL_LINUX_TARGETS"
  jvm_targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu"
fi

mkdir -p "$dist"
rm -f "$dist/SIZES.md"
timings=()
run_part() {  # NAME COMMAND...: runs one part, timed
  local name="$1" started=$SECONDS; shift
  echo "==> dist: $name: $*"
  "$@"
  timings+=("$name $((SECONDS - started))")
}

wants python && run_part python "$root/scripts/packaging/python.sh" --targets "$python_targets" --smoke --profile "$profile" "${python_extra[@]}"
wants npm && run_part npm "$root/scripts/packaging/npm.sh" --targets "$npm_targets" --smoke --profile "$profile"
wants cli && run_part cli "$root/scripts/packaging/cli.sh" --targets "$cli_targets" --smoke --profile "$profile"
wants jvm && run_part jvm "$root/scripts/packaging/jvm.sh" --targets "$jvm_targets" --smoke --profile "$profile"

# The crates as crates.io gets them: `cargo package` checks the manifests, the file lists and the
# versions of the path dependencies, then builds each crate from its packaged sources (the three
# against each other through a local registry; the dependencies' builds are the test suite's).
package_crates() {
  local crates=(smtpprovider-sandbox smtpprovider smtpprovider-cli) version packages=()
  version="$(python3 "$root/scripts/version.py")"
  for crate in "${crates[@]}"; do packages+=(-p "$crate"); done
  # cargo package's local registry of the packaged crates is unpacked under $CARGO_HOME/registry,
  # keyed by the checkout's path, and a later run finds the crates there by name and version and
  # reuses them even when their sources changed: the verification then builds the CLI against a
  # stale core. Ours are dropped first, so each run verifies what it has just packaged.
  local cargo_home="${CARGO_HOME:-$HOME/.cargo}"
  for crate in "${crates[@]}"; do rm -rf "$cargo_home"/registry/src/*/"$crate-$version"; done
  # So are the builds of them an earlier run's verification left: unpacked again, their files
  # carry the packages' fixed timestamp (2006), older than any build, so Cargo would take the old
  # build as up to date. A build is theirs when its dep-info lists sources under registry/src.
  local deps="$CARGO_TARGET_DIR/debug/deps" dep_info hash
  for crate in "${crates[@]}"; do
    for dep_info in "$deps/${crate//-/_}"-*.d; do
      grep -qs "/registry/src/" "$dep_info" || continue
      hash="${dep_info##*-}" && hash="${hash%.d}"
      rm -rf "$CARGO_TARGET_DIR/debug/.fingerprint/$crate-$hash" "$dep_info"
    done
  done
  (cd "$root" && cargo package --locked "${packages[@]}") || return
  rm -rf "$dist/crates" && mkdir -p "$dist/crates"
  for crate in "${crates[@]}"; do
    cp "$CARGO_TARGET_DIR/package/$crate-$version.crate" "$dist/crates/"
    echo "$crate-$version.crate $(size_of "$dist/crates/$crate-$version.crate")" >>"$dist/crates/sizes.txt"
  done
}
wants crates && run_part crates package_crates

# ---- the size report: dist/*/sizes.txt ("name bytes") as one table ----------------------------------
python3 - "$dist" "$profile" <<'EOF'
import pathlib, sys
dist, profile = pathlib.Path(sys.argv[1]), sys.argv[2]

def human(n):  # decimal units, as PyPI and npm show sizes
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    return f"{n} B"

rows = []
for sizes in sorted(dist.glob("*/sizes.txt")):
    for line in sizes.read_text().split("\n"):
        if line.strip():
            name, size = line.rsplit(" ", 1)
            rows.append((sizes.parent.name, name, int(size)))
lines = [
    "# Sizes of dist/",
    "",
    f"Cargo profile: `{profile}`. Goals (issue 23): a wheel at most 3 MB, an npm platform package at most 3 MB packed.",
    "",
    "| part | file | size | bytes |",
    "|---|---|---:|---:|",
]
lines += [f"| {part} | `{name}` | {human(size)} | {size} |" for part, name, size in rows]
(dist / "SIZES.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines[4:]))
EOF
echo "==> dist: wrote $dist/SIZES.md"
for timing in "${timings[@]}"; do echo "    ${timing% *}: ${timing##* }s"; done
