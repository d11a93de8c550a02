#!/usr/bin/env bash
# Usage: with-system-ca.sh CA_PEM COMMAND [ARGS...]
#
# Runs COMMAND with CA_PEM in the operating system's trust store, as COMMAND alone sees it: the
# tests of the clients' default trust (no extra root given) need a server the system trusts, and
# must not make the machine trust the test CA. In a mount namespace of its own (unshare), private
# copies (tmpfs) are mounted over /etc/ssl/certs and /usr/local/share/ca-certificates, the CA is
# added as smtpprovider-test-ca.crt and update-ca-certificates rebuilds the store there. Nothing
# on the host changes; the mounts end with COMMAND and its children. Mounting needs root (CI runs
# as root). The TestServers description gives this script's path as `with_system_ca`.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: with-system-ca.sh CA_PEM COMMAND [ARGS...]" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "with-system-ca.sh: needs root, to mount over /etc/ssl/certs in a mount namespace of its" \
    "own (CI runs as root); run it with sudo" >&2
  exit 1
fi
if [ ! -f "$1" ]; then
  echo "with-system-ca.sh: $1: no such file" >&2
  exit 2
fi

# First this script runs itself again in a new mount namespace, whose mounts the host never sees
# (propagation private); the second run, inside, does the rest.
if [ -z "${WITH_SYSTEM_CA_INSIDE:-}" ]; then
  WITH_SYSTEM_CA_INSIDE=1 exec unshare --mount --propagation private -- "$BASH" "$0" "$@"
fi
unset WITH_SYSTEM_CA_INSIDE

ca=$1
shift
# A tmpfs hides what it is mounted over, so each directory's contents are copied out first and
# back in after; the copies are removed before COMMAND runs.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for dir in /etc/ssl/certs /usr/local/share/ca-certificates; do
  cp -a "$dir" "$scratch/copy"
  mount -t tmpfs -o mode="$(stat -c %a "$dir")" smtpprovider-test-ca "$dir"
  cp -a "$scratch/copy/." "$dir/"
  rm -rf "$scratch/copy"
done
cp "$ca" /usr/local/share/ca-certificates/smtpprovider-test-ca.crt
# No hooks: Debian's (ca-certificates-java's jks-keystore) would queue a dpkg trigger, which
# writes under /var/lib on the host; they maintain other stores (Java's), not the system's. What it
# says (a warning of openssl rehash's about the bundle, every time) is shown only if it fails.
if ! said=$(update-ca-certificates --hooksdir /dev/null 2>&1); then
  echo "with-system-ca.sh: update-ca-certificates failed: $said" >&2
  exit 1
fi
rm -rf "$scratch"
trap - EXIT
exec "$@"
