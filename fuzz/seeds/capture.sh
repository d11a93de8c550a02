#!/usr/bin/env bash
# Writes the seed corpora (seeds/models, seeds/envelope) from the sandbox's real answers: starts
# the sandbox binary, makes every call of the endpoint table with curl, and saves each answer in
# the targets' input format. The seeds are committed; run this again when an endpoint or the
# sandbox's answers change (`bash fuzz/seeds/capture.sh`; needs curl).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf models envelope && mkdir -p models envelope

# The order of smtpprovider::ENDPOINTS (core/src/endpoints.rs): an input names its endpoint by index.
ENDPOINTS=(client.login domains.add domains.list domains.view domains.verify senders.list senders.add
  senders.verify templates.list templates.defaults templates.get templates.add templates.update
  mailing_lists.list mailing_lists.add campaigns.list campaigns.options campaigns.create
  campaigns.toggle_pause campaigns.edit_options campaigns.update mail.send_welcome)
index_of() { for i in "${!ENDPOINTS[@]}"; do [ "${ENDPOINTS[$i]}" = "$1" ] && echo "$i" && return; done; exit 1; }

log=$(mktemp)
# From the main workspace: fuzz/ is a workspace of its own, without the sandbox.
(cd ../.. && exec cargo run -q -p smtpprovider-sandbox --locked -- --port 0 --rate-limit 0) >"$log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; rm -f "$log" body' EXIT
until grep -q '^listening ' "$log"; do
  kill -0 $sandbox 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
base=$(sed -n 's/^listening //p' "$log" | head -1)
origin=${base%/api}

token=""
errors=""
# call ID METHOD PATH [JSON]: saves the answer as envelope/ID-STATUS and, for a 2xx before the
# errors section, as models/ID.
call() {
  local id=$1 method=$2 path=$3 data=${4:-}
  local args=(-s -o body -w '%{http_code}' -H 'Accept: application/json' -H "Authorization: Bearer $token")
  if [ "$method" = POST ]; then args+=(-X POST -H 'Content-Type: application/json' -d "$data"); fi
  local status; status=$(curl "${args[@]}" "$base$path")
  local index; index=$(index_of "$id")
  if [ "${status:0:1}" = 2 ] && [ -z "$errors" ]; then
    { printf "\\x$(printf %02x "$index")"; cat body; } >"models/$id"
  fi
  # The envelope target's input: status (little-endian), endpoint, body.
  { printf "\\x$(printf %02x $((status % 256)))\\x$(printf %02x $((status / 256)))\\x$(printf %02x "$index")"
    cat body; } >"envelope/$id-$status"
  echo "$id $status" >&2
}
sandbox_post() { curl -s -X POST -H 'Content-Type: application/json' -d "$2" "$origin/_sandbox/$1" >/dev/null; }
json_field() { python3 -c 'import json, sys; print(eval("json.load(sys.stdin)" + sys.argv[1]))' "$1" <body; }

call client.login POST /smtp-token-generate '{"email":"demo@example.com","password":"wrong"}'
curl -s -X POST -H 'Content-Type: application/json' -H 'Accept: application/json' \
  -d '{"email":"demo@example.com","password":"demo-password"}' "$base/smtp-token-generate" >body
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' body)
call client.login POST /smtp-token-generate '{"email":"demo@example.com","password":"demo-password"}'
u=1
call domains.add POST /v1/smtp-domain-add "{\"user_id\":$u,\"domain_name\":\"example.com\"}"
dkim=$(json_field '["data"]["domain"]["public_key"]')
call domains.list GET "/v1/smtp-domain-list?user_id=$u"
call domains.view GET "/v1/smtp-domain-view?user_id=$u&domain_name=example.com"
sandbox_post dns "{\"name\":\"smtp._domainkey.example.com\",\"type\":\"TXT\",\"value\":\"$dkim\"}"
call domains.verify GET "/v1/smtp-domain-verify?user_id=$u&domain_name=example.com"
call senders.add POST /v1/smtp-domain-sender-add "{\"user_id\":$u,\"domain_name\":\"example.com\",\"from_email\":\"news@example.com\",\"sender_name\":\"News\"}"
call senders.list GET "/v1/smtp-sender-list?user_id=$u"
call senders.verify POST /v1/smtp-domain-sender-verify "{\"user_id\":$u,\"from_email\":\"news@example.com\"}"
curl -s "$origin/_sandbox/outbox?kind=sender_verification" >body
curl -s "$(json_field '["messages"][0]["link"]')" >/dev/null
call templates.defaults GET "/v1/smtp-template-default?user_id=$u"
call templates.add POST /v1/smtp-template-add "{\"user_id\":$u,\"name\":\"Welcome\",\"html_body\":\"<h1>Hi</h1>\",\"active\":true}"
call templates.list GET "/v1/smtp-template-index?user_id=$u"
call templates.get GET "/v1/smtp-template-show?user_id=$u&template_id=4"
call templates.update POST /v1/smtp-template-update "{\"user_id\":$u,\"template_id\":4,\"name\":\"Hello\"}"
call mailing_lists.add POST /v1/smtp-mailing-add "{\"user_id\":$u,\"name\":\"Newsletter\"}"
call mailing_lists.list GET "/v1/smtp-mailing-list?user_id=$u"
call campaigns.options GET "/v1/smtp-campaign-create?user_id=$u"
request='"all_request":{"from_email":"news@example.com","subject":"Hi","html_body":"<p>Hi</p>","speed":1000}'
call campaigns.create POST /v1/smtp-campaign-store "{\"user_id\":$u,\"template_id\":4,\"mailing_list_id\":1,\"campaign_name\":\"May\",\"begins_at\":\"2030-01-01 10:00:00\",\"segment\":\"all\",$request}"
call campaigns.list GET "/v1/smtp-campaign-index?user_id=$u"
call campaigns.edit_options GET "/v1/smtp-campaign-edit?user_id=$u&campaign_id=1"
call campaigns.update POST /v1/smtp-campaign-update "{\"user_id\":$u,\"campaign_id\":1,\"campaign_name\":\"June\",$request}"
call campaigns.toggle_pause POST /v1/smtp-campaign-pause "{\"user_id\":$u,\"campaign_id\":1}"
call mail.send_welcome POST /v1/smtp-welcome-mail "{\"user_id\":$u,\"from_email\":\"a@example.org\",\"shop_name\":\"Shop\"}"

# Errors, for the envelope target: each kind the sandbox's rules give, and two faults.
errors=1
call domains.add POST /v1/smtp-domain-add "{\"user_id\":$u,\"domain_name\":\"example.com\"}"
call domains.add POST /v1/smtp-domain-add "{\"user_id\":$u}"
call templates.get GET "/v1/smtp-template-show?user_id=$u&template_id=99"
call domains.list GET "/v1/smtp-domain-list?user_id=2"
call domains.list POST /v1/smtp-domain-list "{\"user_id\":$u}"
sandbox_post faults '{"path":"/v1/smtp-domain-list","kind":"status","status":502,"times":1,"content_type":"text/html","body":"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"}'
call domains.list GET "/v1/smtp-domain-list?user_id=$u"
sandbox_post faults '{"path":"/v1/smtp-domain-list","kind":"status","status":200,"times":1,"body":{"success":false,"data":["wrong user id"]}}'
call domains.list GET "/v1/smtp-domain-list?user_id=$u"
token="revoked"
call campaigns.list GET "/v1/smtp-campaign-index?user_id=$u"
