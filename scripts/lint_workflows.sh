#!/usr/bin/env bash
# Checks the GitHub Actions workflows (.github/workflows/*.yml) with actionlint: the workflow syntax,
# the expressions and contexts, the actions' inputs, the runner labels, and the `run:` scripts
# through shellcheck when it is on PATH (Debian's `shellcheck`, installed here when missing and
# root).
#
# actionlint comes from the Go module proxy (`go install`), pinned, into the cargo target dir, so
# that a second run reuses it. It needs Go 1.25 or newer: a Go from 1.21 on fetches that itself
# (GOTOOLCHAIN=auto); without one (Debian 12's golang-go is 1.19), Go's own toolchain is taken
# from the module proxy (golang.org/toolchain), where `go` itself would fetch it.
#
#   scripts/lint_workflows.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=v1.7.12
bin="${CARGO_TARGET_DIR:-$root/target}/tools/actionlint-$version"

tools="$(dirname "$bin")"
go_version=1.25.5

# A `go` that can build actionlint: the one on PATH if it knows GOTOOLCHAIN (1.21+), else ours.
find_go() {
  if command -v go >/dev/null \
    && [ "$(go version | sed -E 's/.*go1\.([0-9]+).*/\1/')" -ge 21 ]; then
    command -v go
    return
  fi
  local dir="$tools/go$go_version" zip
  if [ ! -x "$dir/bin/go" ]; then
    echo "==> Go $go_version from the module proxy (golang.org/toolchain)" >&2
    zip="$(mktemp)"
    curl -fsSL -o "$zip" \
      "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go$go_version.linux-amd64.zip"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    python3 -m zipfile -e "$zip" "$dir.tmp"
    rm -f "$zip"
    mv "$dir.tmp/golang.org/toolchain@v0.0.1-go$go_version.linux-amd64" "$dir"
    rm -rf "$dir.tmp"
    chmod +x "$dir/bin/"* "$dir/pkg/tool/"*/*
  fi
  echo "$dir/bin/go"
}

if [ ! -x "$bin/actionlint" ]; then
  go="$(find_go)"
  echo "==> go install github.com/rhysd/actionlint/cmd/actionlint@$version"
  mkdir -p "$bin"
  GOBIN="$bin" GOTOOLCHAIN=auto "$go" install "github.com/rhysd/actionlint/cmd/actionlint@$version"
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
