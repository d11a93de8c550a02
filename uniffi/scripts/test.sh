#!/usr/bin/env bash
# The Swift/Kotlin binding's whole check: builds the library, generates the Kotlin and Swift
# (build.sh), runs the Swift checks that Linux allows (swift-check.sh) and the Kotlin suite with Maven (which fetches its own dependencies) against sandboxes it starts
# through the library.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

uniffi/scripts/build.sh
# Before Maven: it writes the Swift API that the Kotlin suite's SwiftApiTest checks.
uniffi/scripts/swift-check.sh

echo "==> building the TLS and proxy test servers (tests/servers: nginx, tinyproxy)"
cargo build --quiet --locked -p smtpprovider-test-servers
export SMTPPROVIDER_TEST_SERVERS="$CARGO_TARGET_DIR/debug/smtpprovider-test-servers"

echo "==> uniffi: Kotlin tests (mvn test)"
# No SMTPPROVIDER_* from the caller's shell: ErrorsTest checks the client without a base URL.
(cd uniffi/kotlin && env -u SMTPPROVIDER_BASE_URL -u SMTPPROVIDER_TOKEN -u SMTPPROVIDER_USER_ID \
  mvn -B -ntp test -Dnative.dir="$CARGO_TARGET_DIR/debug")
# (The crate's Rust tests run with the workspace's: cargo test -p smtpprovider-uniffi.)
