#!/usr/bin/env bash
# Builds the `smtpprovider` Python package into a virtual environment and runs its tests:
# pytest (every endpoint through both clients, every error kind, the shared scenarios, threads,
# asyncio, cancellation, fork, logging, no secret in any log record or repr, a soak of 50,000 calls
# through each client, the sandbox) and mypy --strict (the examples and a typed
# user script, against the installed stubs; the package's own Python code).
#
#   bindings-python/scripts/test.sh            # from anywhere
#   PYTHON=python3.12 bindings-python/scripts/test.sh
#
# Needs python3 (>= 3.9) and the Rust toolchain; installs python3-venv on Debian if it is missing.
# The venv is bindings-python/.venv (kept between runs, so later runs only rebuild what changed).
# The extension is built with Cargo's dev profile to keep the run short; the benchmarks
# (bench/python) build it in release.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
venv="$here/.venv"
started=$SECONDS

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "bindings-python: $python is older than 3.9" >&2
  exit 1
fi

# Debian's python3 has no venv module without python3-venv.
if [ ! -x "$venv/bin/python" ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing python3-venv"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "==> creating $venv"
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
# maturin's PEP 517 hooks run the `maturin` executable of the environment.
export PATH="$venv/bin:$PATH"

# The stubs and _errors.py are codegen's: stale ones would be installed and type-checked.
"$here/../scripts/codegen_check.sh"

echo "==> installing the build and test tools"
"${pip[@]}" install --quiet "maturin>=1.9.4,<2" pytest mypy

echo "==> building and installing the package (pip install ./bindings-python, dev profile)"
build_started=$SECONDS
# maturin is the PEP 517 backend; MATURIN_PEP517_ARGS passes it the Cargo profile.
(cd "$here/.." && MATURIN_PEP517_ARGS="--profile dev" \
  "${pip[@]}" install --quiet --no-build-isolation --force-reinstall --no-deps ./bindings-python)
echo "    built and installed in $((SECONDS - build_started))s"

echo "==> building the TLS and proxy test servers (tests/servers: nginx, tinyproxy)"
(cd "$here/.." && cargo build --quiet --locked -p smtpprovider-test-servers)
export SMTPPROVIDER_TEST_SERVERS="${CARGO_TARGET_DIR:-$here/../target}/debug/smtpprovider-test-servers"

echo "==> pytest"
# From the tests directory, so that `import smtpprovider` is the installed package, not the source.
(cd "$here/tests" && "$venv/bin/python" -m pytest -q -p no:cacheprovider .)

echo "==> mypy --strict: the examples and the typed user script against the installed stubs"
# From a neutral directory for the same reason.
(cd "$here/tests" && "$venv/bin/python" -m mypy --strict --no-incremental \
  "$here/examples/quickstart.py" "$here/tests/typed_usage.py")
echo "==> mypy --strict: the package's own Python code"
(cd "$here" && "$venv/bin/python" -m mypy --strict --no-incremental python/smtpprovider)

echo "==> bindings-python: all checks passed in $((SECONDS - started))s"
