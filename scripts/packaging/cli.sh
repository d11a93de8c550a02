#!/usr/bin/env bash
# The `smtpprovider` command's binaries, as the archives the GitHub release carries:
#
#   dist/cli/smtpprovider-cli-<version>-<target>.tar.gz   smtpprovider-cli-<version>-<target>/
#                                                         {smtpprovider, README.md, LICENSE-MIT, LICENSE-APACHE}
#                                                         (.zip and smtpprovider.exe for Windows)
#   dist/cli/smtpprovider-cli-<version>-<target>.tar.gz.sha256
#   dist/cli/sizes.txt                                    "name bytes", one archive a line
#
#   scripts/packaging/cli.sh [--targets "T..."] [--smoke] [--profile NAME]
#
# --targets: Rust target triples (default: every Linux target, ALL_LINUX_TARGETS in common.sh).
#   Linux ones build here with cargo-zigbuild (zig from PyPI): the gnu ones against glibc 2.17's
#   symbol versions (zig's `<target>.2.17`), as the manylinux2014 wheels, the musl ones static.
#   macOS and Windows ones build with plain `cargo build` on their own runners (the release
#   workflow runs this script there too: bash 3.2 and Git Bash suffice).
# --profile: a Cargo profile (default: release; CI's cheaper one is dist-ci).
# --smoke: runs what was built: `smtpprovider --version` and `smtpprovider quickstart` (an embedded
#   sandbox on loopback, the whole onboarding): natively where the machine can, aarch64 Linux on
#   x86_64 Linux under qemu-aarch64 (the static musl binary as it is, the gnu one in a root of
#   Debian's arm64 libc6, arm64_sysroot.sh). Before running, readelf checks that a musl binary is
#   static (no interpreter, no needed library) and that a gnu one needs no glibc symbol newer
#   than 2.17.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

parse_dist_flags 24 "$@"
# Cargo's folder for a profile: dev builds go to debug/, the others to their own name.
case "$profile" in dev|test) profile_dir=debug ;; bench) profile_dir=release ;; *) profile_dir="$profile" ;; esac

# Python runs version.py and packs the archives (tar, zip and sha256sum differ between Linux,
# macOS and Git Bash); Windows runners have `python` only.
python="$(command -v python3 || command -v python)" || { echo "cli.sh: needs Python 3" >&2; exit 1; }
version="$("$python" "$root/scripts/version.py" | tr -d '\r')"
out="$dist/cli"
fail() { echo "cli.sh: FAILED: $*" >&2; exit 1; }

linux_targets=""
for target in $targets; do
  case "$target" in
    *-linux-gnu|*-linux-musl) linux_targets="$linux_targets $target" ;;
    *-apple-darwin|*-windows-msvc) ;;
    *) fail "$target: not a target this script knows (Linux gnu or musl, macOS, Windows msvc)" ;;
  esac
done
[ -z "$linux_targets" ] || ensure_tools
# shellcheck disable=SC2086
ensure_rust_targets $targets
rm -rf "$out" && mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# The archives' timestamps: the commit's, so that the same commit packs the same bytes.
mtime="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 315532800)"

exe_of() { case "$1" in *-windows-*) echo smtpprovider.exe ;; *) echo smtpprovider ;; esac; }
# The binary of TARGET, once built.
binary_of() { echo "$CARGO_TARGET_DIR/$1/$profile_dir/$(exe_of "$1")"; }

# pack ARCHIVE DIR: DIR (in $stage) as a .tar.gz or .zip, files in name order, owned by root,
# dated $mtime, the binary executable; and ARCHIVE.sha256 beside it, as sha256sum writes it.
pack() {
  "$python" - "$1" "$stage" "$2" "$mtime" <<'EOF'
import gzip, hashlib, os, sys, tarfile, time, zipfile
archive, stage, name, mtime = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
files = sorted(os.listdir(os.path.join(stage, name)))
def mode(f): return 0o755 if f.startswith("smtpprovider") else 0o644
if archive.endswith(".zip"):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for f in files:
            info = zipfile.ZipInfo(f"{name}/{f}", time.gmtime(max(mtime, 315532800))[:6])
            info.external_attr = (0o100000 | mode(f)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(os.path.join(stage, name, f), "rb") as data:
                z.writestr(info, data.read(), compresslevel=9)
else:
    with open(archive, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in [name] + [f"{name}/{f}" for f in files]:
            info = tar.gettarinfo(os.path.join(stage, path), path)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = mtime
            info.mode = 0o755 if info.isdir() else mode(os.path.basename(path))
            if info.isdir():
                tar.addfile(info)
            else:
                with open(os.path.join(stage, path), "rb") as data:
                    tar.addfile(info, data)
with open(archive, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
with open(archive + ".sha256", "w", newline="\n") as f:
    f.write(f"{digest}  {os.path.basename(archive)}\n")
print(os.path.getsize(archive))
EOF
}

for target in $targets; do
  case "$target" in
    *-linux-gnu) build=(zigbuild --target "$target.2.17") ;;
    *-linux-musl) build=(zigbuild --target "$target") ;;
    *) build=(build --target "$target") ;;
  esac
  echo "==> cargo ${build[*]} --profile $profile -p smtpprovider-cli"
  started=$SECONDS
  (cd "$root" && cargo "${build[@]}" --locked --quiet --profile "$profile" -p smtpprovider-cli --bin smtpprovider) \
    || fail "cargo ${build[*]}"
  echo "    built in $((SECONDS - started))s"

  name="smtpprovider-cli-$version-$target"
  case "$target" in *-windows-*) archive="$name.zip" ;; *) archive="$name.tar.gz" ;; esac
  mkdir -p "$stage/$name"
  cp "$(binary_of "$target")" "$stage/$name/"
  cp "$root/cli/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"
  bytes="$(pack "$out/$archive" "$name" | tr -d '\r')" || fail "packing $archive"
  echo "$archive $bytes" >>"$out/sizes.txt"
  echo "    $archive: $((bytes / 1024)) KiB (binary $(( $(wc -c <"$(binary_of "$target")") / 1024 )) KiB)"
done

$smoke || exit 0

# readelf's view of a Linux binary: a musl one is static; a gnu one needs nothing past glibc 2.17.
check_elf() {
  local target="$1" bin="$2" newest
  case "$target" in
    *-linux-musl)
      ! readelf -l "$bin" | grep -q 'program interpreter' || fail "$target: has an interpreter, not static"
      ! readelf -d "$bin" | grep -q '(NEEDED)' || fail "$target: needs shared libraries"
      echo "    readelf: static, no interpreter, no needed library"
      ;;
    *-linux-gnu)
      newest="$(newest_glibc "$bin")"
      [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -1)" = 2.17 ] \
        || fail "$target: needs GLIBC_$newest, newer than 2.17"
      echo "    readelf: $(readelf -l "$bin" | grep -o 'interpreter: [^]]*'), newest glibc symbol GLIBC_$newest"
      ;;
  esac
}

# How this machine runs a binary of TARGET: "" natively, a qemu command line, or "none".
runner_for() {
  case "$(uname -s)-$(uname -m)/$1" in
    Linux-x86_64/x86_64-unknown-linux-*) ;;
    Linux-aarch64/aarch64-unknown-linux-*) ;;
    Linux-x86_64/aarch64-unknown-linux-musl) echo "qemu-aarch64" ;;
    Linux-x86_64/aarch64-unknown-linux-gnu)
      local sysroot="$tools/arm64-sysroot-libc6"
      "$root/scripts/packaging/arm64_sysroot.sh" "$sysroot" libc6 >&2 || fail "the arm64 root (arm64_sysroot.sh)"
      echo "qemu-aarch64 -L $sysroot"
      ;;
    Darwin-x86_64/x86_64-apple-darwin|Darwin-arm64/aarch64-apple-darwin) ;;
    MINGW*-x86_64/x86_64-pc-windows-msvc|MSYS*-x86_64/x86_64-pc-windows-msvc) ;;
    *) echo none ;;
  esac
}
# `timeout` where there is one (macOS has none).
limit() { if command -v timeout >/dev/null; then timeout "$@"; else shift; "$@"; fi; }

for target in $targets; do
  bin="$(binary_of "$target")"
  echo "==> smoke: $target"
  case "$target" in *-linux-*) check_elf "$target" "$bin" ;; esac
  runner="$(runner_for "$target")" || exit 1
  [ "$runner" != none ] || { echo "    (not run on this machine: $(uname -s) $(uname -m))"; continue; }
  # $runner is empty (native) or a qemu command line, split on purpose.
  # shellcheck disable=SC2086
  printed="$(limit 120 $runner "$bin" --version | tr -d '\r')" || fail "$target: smtpprovider --version"
  [ "$printed" = "smtpprovider $version" ] || fail "$target: --version printed '$printed'"
  echo "    ${runner:+$runner }smtpprovider --version: $printed"
  log="$stage/quickstart-$target.log"
  started=$SECONDS
  # shellcheck disable=SC2086
  if ! limit 600 $runner "$bin" quickstart --subscribers 5 >"$log" 2>&1; then
    tail -20 "$log" >&2
    fail "$target: smtpprovider quickstart"
  fi
  echo "    quickstart passed in $((SECONDS - started))s: $(grep -v '^[[:space:]]*$' "$log" | tail -1)"
done
echo "==> cli.sh: every smoke test passed"
