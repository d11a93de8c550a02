#!/usr/bin/env bash
# Checks the GitHub Actions workflows (.github/workflows/*.yml) with actionlint: the workflow syntax,
# the expressions and contexts, the actions' inputs, the runner labels, and the `run:` scripts
# through shellcheck when it is on PATH (Debian's `shellcheck`, installed here when missing and
# root).
#
# actionlint comes from the Go module proxy (`go install`), pinned, into the cargo target dir, so
# that a second run reuses it. Needs Go (1.24 or newer for this actionlint).
#
#   scripts/lint_workflows.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=v1.7.12
bin="${CARGO_TARGET_DIR:-$root/target}/tools/actionlint-$version"

if [ ! -x "$bin/actionlint" ]; then
  command -v go >/dev/null || { echo "lint_workflows.sh: needs go, to install actionlint" >&2; exit 1; }
  echo "==> go install github.com/rhysd/actionlint/cmd/actionlint@$version"
  mkdir -p "$bin"
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
if ! command -v shellcheck >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "==> installing shellcheck (Debian), which actionlint runs on each run: script"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; } \
    || echo "    (shellcheck not installed: actionlint checks the workflows without it)"
fi

echo "==> actionlint $version: .github/workflows"
cd "$root"
"$bin/actionlint" -no-color
echo "    no problem found"
