//! Sending domains: add (with a fresh DKIM key), list, view (with the DNS records to publish) and
//! verify (a real TXT lookup of the DKIM record).

use std::time::Duration;

use hyper::StatusCode;
use serde::Serialize;
use serde_json::json;

use super::{authorize, Call, Outcome};
use crate::app::{lock, App};
use crate::dkim::{check_dkim, take_key, DkimCheck, DkimKey};
use crate::dns::{lookup_txt, DnsError};
use crate::models::{DnsRecord, Domain, DomainStatus};
use crate::respond::Reply;
use crate::state::IdKind;

/// The DKIM selector every domain gets.
const SELECTOR: &str = "smtp";
const SPF_VALUE: &str = "v=spf1 include:spf.smtpprovider.test ~all";
const DMARC_VALUE: &str = "v=DMARC1; p=none; rua=mailto:dmarc@smtpprovider.test";
const RETURN_PATH_TARGET: &str = "bounces.smtpprovider.test";
/// The lookup has its own deadline; this one only guarantees the request cannot hang.
const VERIFY_DEADLINE: Duration = Duration::from_secs(15);

fn taken() -> Reply {
    Reply::error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The domain name has already been taken.",
    )
}

pub fn not_found() -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "Domain not found.")
}

fn server_error() -> Reply {
    Reply::message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error")
}

pub async fn add(app: &App, call: &Call) -> Outcome {
    let (user, name) = authorize(call, true, |v, f| v.req_hostname(f, "domain_name"))?;
    let name = name.unwrap_or_default();
    // Checked before taking a key so a duplicate does not use one up; checked again under the
    // lock below, which is what keeps concurrent adds of one name from both succeeding.
    if lock(&app.state)
        .domains
        .values()
        .any(|d| d.domain_name == name)
    {
        return Err(taken());
    }
    // The pool usually has a key ready; when it is empty, generating one blocks for a while.
    let key: DkimKey = tokio::task::spawn_blocking(take_key)
        .await
        .map_err(|_| server_error())?;
    let mut state = lock(&app.state);
    if state.domains.values().any(|d| d.domain_name == name) {
        return Err(taken());
    }
    let now = state.now_text();
    let id = state.ids.next(IdKind::Domain);
    let domain = Domain {
        id,
        user_id: user,
        host: format!("{SELECTOR}._domainkey.{name}"),
        domain_name: name,
        selector: SELECTOR.into(),
        public_key: key.txt_value(),
        public_key_b64: key.public_key_b64().to_string(),
        status: DomainStatus::Pending,
        verified_at: None,
        created_at: now.clone(),
        updated_at: now,
    };
    // A struct, not `json!`, to keep the reference's key order: `success` before `domain`.
    #[derive(Serialize)]
    struct Added<'a> {
        success: bool,
        domain: &'a Domain,
    }
    let reply = Reply::success(&Added {
        success: true,
        domain: &domain,
    });
    state.domains.insert(id, domain);
    Ok(reply)
}

pub fn list(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    #[derive(Serialize)]
    struct Data<'a> {
        domains: Vec<&'a Domain>,
    }
    let state = lock(&app.state);
    let domains = state
        .domains
        .values()
        .filter(|d| d.user_id == user)
        .collect();
    Ok(Reply::success(&Data { domains }))
}

/// The records the user must publish for `domain`.
fn dns_records(domain: &Domain) -> Vec<DnsRecord> {
    let dkim_status = if domain.status == DomainStatus::Verified {
        "verified"
    } else {
        "pending"
    };
    let name = &domain.domain_name;
    vec![
        DnsRecord {
            record_type: "TXT",
            purpose: "dkim",
            host: domain.host.clone(),
            value: domain.public_key.clone(),
            status: dkim_status,
        },
        DnsRecord {
            record_type: "TXT",
            purpose: "spf",
            host: name.clone(),
            value: SPF_VALUE.into(),
            status: "pending",
        },
        DnsRecord {
            record_type: "TXT",
            purpose: "dmarc",
            host: format!("_dmarc.{name}"),
            value: DMARC_VALUE.into(),
            status: "pending",
        },
        DnsRecord {
            record_type: "CNAME",
            purpose: "return_path",
            host: format!("bounce.{name}"),
            value: RETURN_PATH_TARGET.into(),
            status: "pending",
        },
    ]
}

pub fn view(app: &App, call: &Call) -> Outcome {
    let (user, name) = authorize(call, true, |v, f| v.req_string(f, "domain_name", 253))?;
    let name = name.unwrap_or_default();
    let state = lock(&app.state);
    let domain = state.user_domain(user, &name).ok_or_else(not_found)?;
    Ok(Reply::success(
        &json!({"domain": domain, "dns_records": dns_records(domain)}),
    ))
}

/// What a verification found, in the API's words.
fn outcome_message(check: &Result<DkimCheck, String>) -> (bool, String) {
    match check {
        Ok(DkimCheck::Verified) => (true, "Verified Successfully".into()),
        Ok(DkimCheck::NotFound) => (false, "DKIM record not found".into()),
        Ok(DkimCheck::Mismatch) => (false, "DKIM record does not match".into()),
        Err(reason) => (
            false,
            format!("DKIM record could not be looked up: {reason}"),
        ),
    }
}

/// Compares what DNS holds with the domain's key; a failed lookup is described, not judged.
fn judge(found: Result<Vec<String>, DnsError>, key: &str) -> Result<DkimCheck, String> {
    found
        .map(|records| check_dkim(&records, key))
        .map_err(|error| error.to_string())
}

pub async fn verify(app: &App, call: &Call) -> Outcome {
    let (user, name) = authorize(call, true, |v, f| v.req_string(f, "domain_name", 253))?;
    let name = name.unwrap_or_default();
    let (id, host, key) = {
        let state = lock(&app.state);
        let domain = state.user_domain(user, &name).ok_or_else(not_found)?;
        (
            domain.id,
            domain.host.clone(),
            domain.public_key_b64.clone(),
        )
    };
    let check = match tokio::time::timeout(VERIFY_DEADLINE, lookup_txt(app.nameserver, &host)).await
    {
        Ok(found) => judge(found, &key),
        Err(_) => Err(format!("the lookup of {host} timed out")),
    };
    let (verified, message) = outcome_message(&check);
    let mut state = lock(&app.state);
    let now = state.now_text();
    if let Some(domain) = state.domains.get_mut(&id) {
        // A failed lookup says nothing about the record, so it leaves the status as it was.
        if check.is_ok() {
            if !verified {
                domain.verified_at = None;
            } else if domain.status != DomainStatus::Verified {
                domain.verified_at = Some(now.clone());
            }
            domain.status = if verified {
                DomainStatus::Verified
            } else {
                DomainStatus::Failed
            };
            domain.updated_at = now;
        }
    }
    #[derive(Serialize)]
    struct Verification {
        success: bool,
        message: String,
    }
    Ok(Reply::success(&Verification {
        success: verified,
        message,
    }))
}
