#!/usr/bin/env bash
# Runs every test suite of the project on a fresh machine: installs what the tests need, then runs them.
# This is the README's test command and what CI runs (.ci/run calls exactly this).
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs Debian packages that are missing (the DNS-verification tests start a real dnsmasq).
need_debian_packages() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# In CI every build starts from nothing: incremental compilation would only write gigabytes of
# caches no later build reads (a run once failed on a full disk), and it makes clean builds slower.
[ "${CI:-}" = true ] && export CARGO_INCREMENTAL=0

need_debian_packages dnsmasq-base nginx tinyproxy-bin microsocks libnginx-mod-stream ca-certificates openssl util-linux

# Formatting, lints and the one version first: they take seconds and fail fast, before the long builds.
echo "==> one version everywhere: scripts/version.py"
python3 scripts/version.py
# The release workflow: actionlint, with shellcheck on its scripts.
scripts/lint_workflows.sh
echo "==> rustfmt: cargo fmt --all --check"
cargo fmt --all --check
echo "==> clippy: every crate and target, warnings are errors"
cargo clippy --workspace --all-targets --locked -- -D warnings
scripts/codegen_check.sh

echo "==> Rust: every crate's tests (sandbox, core SDK, CLI, scenarios)"
cargo test --workspace --locked --no-fail-fast
# The fuzz targets of the core's decoders, 25 s each (fuzz/README.md); skipped, saying so, without
# a nightly toolchain.
scripts/fuzz.sh 25
bindings-python/scripts/test.sh
bindings-node/scripts/test.sh
# What ships, as CI's subset of the dist command: per ecosystem an x86_64, an aarch64 and a musl
# artifact (wheels and sdist, npm packages, CLI binaries), each installed from its files and
# smoke-tested (aarch64 under qemu), and the crates packaged (scripts/dist.sh says which).
scripts/dist.sh --ci
uniffi/scripts/test.sh
