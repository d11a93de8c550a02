#!/usr/bin/env bash
# Throughput of the sandbox: builds it in release, starts it with rate limiting off, logs in,
# adds a few domains, then runs wrk for DURATION with CONNECTIONS connections on
# GET /api/v1/smtp-domain-list and prints requests per second. Stops the sandbox on exit.
#
#   bench/sandbox/wrk.sh            # 10 s, 64 connections
#   DURATION=30s CONNECTIONS=128 THREADS=4 bench/sandbox/wrk.sh
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DOMAINS=${DOMAINS:-3}

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

if ! command -v wrk >/dev/null; then
    echo "wrk is missing; installing it (Debian package wrk)" >&2
    apt-get install -y wrk >/dev/null
fi
for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

cargo build --release -p smtpprovider-sandbox >&2
bin="${CARGO_TARGET_DIR:-$root/target}/release/smtpprovider-sandbox"

out=$(mktemp)
"$bin" --port 0 --rate-limit 0 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out"' EXIT

# The first line is "listening <base URL>"; wait for it, at most 30 s.
for _ in $(seq 300); do
    [ -s "$out" ] && break
    sleep 0.1
done
base=$(head -n1 "$out" | sed -n 's/^listening //p')
[ -n "$base" ] || { echo "the sandbox did not start" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
login=$(curl -sf -X POST "$base/smtp-token-generate" \
    -H 'Accept: application/json' -H 'Content-Type: application/json' \
    -d '{"email":"demo@example.com","password":"demo-password"}')
token=$(echo "$login" | json '["token"]')
user_id=$(echo "$login" | json '["user"]["id"]')

for n in $(seq "$DOMAINS"); do
    curl -sf -X POST "$base/v1/smtp-domain-add" \
        -H 'Accept: application/json' -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
        -d "{\"user_id\":$user_id,\"domain_name\":\"bench$n.example.com\"}" >/dev/null
done
url="$base/v1/smtp-domain-list?user_id=$user_id"
count=$(curl -sf "$url" -H 'Accept: application/json' -H "Authorization: Bearer $token" | json '["data"]["domains"].__len__()')
echo "GET $url ($count domains), $CONNECTIONS connections, $THREADS wrk threads, $DURATION" >&2

report=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" \
    -H 'Accept: application/json' -H "Authorization: Bearer $token" "$url")
echo "$report" >&2
if echo "$report" | grep -q 'Non-2xx'; then
    echo "some answers were not 2xx" >&2
    exit 1
fi
echo "$report" | awk '/Requests\/sec/ {print "requests/sec: " $2}'
