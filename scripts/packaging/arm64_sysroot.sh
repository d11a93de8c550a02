#!/usr/bin/env bash
# arm64_sysroot.sh DIR PACKAGE... : unpacks Debian's arm64 builds of PACKAGE... and everything they
# depend on into DIR, a root that `qemu-aarch64 -L DIR` runs arm64 programs in (DIR/usr/bin/python3,
# DIR/usr/bin/node). The smoke tests run the aarch64 wheel and npm package so, on this x86_64
# machine. Nothing is installed on the machine itself: `apt-get download` and `dpkg-deb -x` only.
# Needs root once, for `dpkg --add-architecture arm64` and `apt-get update`.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 DIR PACKAGE..." >&2; exit 2; }
dir="$1"; shift
stamp="$dir/.packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$*" ]; then
  exit 0  # already unpacked for these packages
fi

command -v qemu-aarch64 >/dev/null || {
  echo "==> installing qemu-user (qemu-aarch64)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user >/dev/null
}
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "==> dpkg --add-architecture arm64"
  dpkg --add-architecture arm64
  apt-get update -qq
fi
arm64=("${@/%/:arm64}")
# The packages and their whole dependency closure, as arm64 packages (virtual ones and other
# architectures' dropped).
mapfile -t closure < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${arm64[@]}" | grep -E '^[a-z0-9][^ <>]*:arm64$' | sort -u)
downloads="$(mktemp -d)"
trap 'rm -rf "$downloads"' EXIT
echo "==> apt-get download: ${#closure[@]} arm64 packages for $*"
(cd "$downloads" && apt-get download -qq -o APT::Sandbox::User=root "${closure[@]}" >/dev/null)
rm -rf "$dir" && mkdir -p "$dir"
for deb in "$downloads"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
echo "$*" > "$stamp"
