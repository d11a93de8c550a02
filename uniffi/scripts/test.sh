#!/usr/bin/env bash
# The Swift/Kotlin binding's whole check: builds the SDK's and the testing library, generates
# their Kotlin and Swift (build.sh), checks that the SDK's exports no sandbox, runs the Swift checks
# that Linux allows (swift-check.sh), installs the JVM artifacts (jvm_install.sh) and runs the
# Kotlin suite with Maven (which fetches its own dependencies) against sandboxes it starts through
# the testing artifact.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

uniffi/scripts/build.sh

echo "==> uniffi: the SDK's library exports no sandbox and no test hook (nm -D)"
if nm -D --defined-only "$CARGO_TARGET_DIR/debug/libsmtpprovider_uniffi.so" | grep -iE 'sandbox|hostile|panic_for_test'; then
  echo "uniffi: libsmtpprovider_uniffi exports the symbols above, which belong to the testing library" >&2
  exit 1
fi

# Before Maven: it writes the Swift API that the Kotlin suite's SwiftApiTest checks.
uniffi/scripts/swift-check.sh

# The JVM artifacts with this machine's debug libraries, as the suite takes them.
uniffi/scripts/jvm_install.sh "linux-x86-64=$CARGO_TARGET_DIR/debug"

echo "==> building the TLS and proxy test servers (tests/servers: nginx, tinyproxy)"
cargo build --quiet --locked -p smtpprovider-test-servers
export SMTPPROVIDER_TEST_SERVERS="$CARGO_TARGET_DIR/debug/smtpprovider-test-servers"

echo "==> uniffi: Kotlin tests (mvn test)"
# No SMTPPROVIDER_* from the caller's shell: ErrorsTest checks the client without a base URL.
(cd uniffi/kotlin && env -u SMTPPROVIDER_BASE_URL -u SMTPPROVIDER_TOKEN -u SMTPPROVIDER_USER_ID \
  mvn -B -ntp clean test)
# (The crate's Rust tests run with the workspace's: cargo test -p smtpprovider-uniffi.)
