//! The onboarding the quickstart walks: every API call is a typed SDK call; only the sandbox's own
//! stand-ins for the outside world (DNS, the recipient's inbox, subscribers, the clock) go through
//! `/_sandbox/...` routes.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde_json::json;
use smtpprovider::{CampaignChanges, CampaignContent, ClientBuilder, NewCampaign, NewTemplate};

use super::{QuickstartArgs, Steps};
use crate::failure::CliError;
use crate::sandbox_admin::SandboxAdmin;

/// The API's timestamp format.
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
/// How far ahead the campaign is scheduled.
const CAMPAIGN_LEAD: chrono::Duration = chrono::Duration::minutes(10);
/// The campaign's speeds before and after the update, in messages per hour.
const FIRST_SPEED: u64 = 60;
const UPDATED_SPEED: u64 = 120;
/// How far each tick moves the sandbox clock, and the most ticks before giving up.
const TICK_SECONDS: i64 = 300;
const MAX_TICKS: usize = 50;
/// How long domain verification may take once the record is published.
const VERIFY_TIMEOUT: Duration = Duration::from_secs(30);
const VERIFY_INTERVAL: Duration = Duration::from_millis(500);

/// Who the quickstart logs in as.
pub(crate) struct Login<'a> {
    pub(crate) builder: ClientBuilder,
    pub(crate) email: &'a str,
    pub(crate) password: &'a str,
}

fn check(ok: bool, failure: impl FnOnce() -> String) -> Result<(), CliError> {
    if ok {
        Ok(())
    } else {
        Err(CliError::Failed(failure()))
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// Walks the onboarding; each step prints what it did or fails with what went wrong.
pub(crate) async fn walk(
    login: Login<'_>,
    admin: &SandboxAdmin,
    args: &QuickstartArgs,
    steps: &mut Steps,
) -> Result<(), CliError> {
    let failed = CliError::Failed;
    let client = login.builder.login(login.email, login.password).await?;
    steps.step(format!(
        "Logged in as {} (user id {})",
        login.email,
        client.user_id().unwrap_or_default()
    ));

    // The domain and its DKIM record.
    let domain_name = args.domain.as_str();
    let domain = client.domains().add(domain_name).await?;
    let status = domain.status.as_deref().unwrap_or("-");
    steps.step(format!(
        "Added the domain {domain_name} (id {}, status {status})",
        domain.id
    ));
    let view = client.domains().view(domain_name).await?;
    steps.step(format!(
        "Read the DNS records {domain_name} needs (domains.view):"
    ));
    for record in &view.dns_records {
        let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        steps.detail(format!(
            "{:<5} {:<11} {} = {} ({})",
            field(&record.record_type),
            field(&record.purpose),
            field(&record.host),
            shorten(&field(&record.value), 48),
            field(&record.status)
        ));
    }
    let (Some(host), Some(public_key)) = (domain.host.as_deref(), domain.public_key.as_deref())
    else {
        return Err(failed(format!(
            "the API gave {domain_name} no DKIM host or key to publish"
        )));
    };
    admin
        .post(
            "/_sandbox/dns",
            &json!({"name": host, "type": "TXT", "value": public_key}),
        )
        .await
        .map_err(failed)?;
    steps.step(format!(
        "Published the DKIM TXT record at {host} (in the sandbox's DNS zone)"
    ));
    let verified = client
        .domains()
        .wait_verified(domain_name, VERIFY_TIMEOUT, VERIFY_INTERVAL)
        .await?;
    steps.step(format!(
        "Verified {domain_name}: {}",
        verified.message.as_deref().unwrap_or("verified")
    ));

    // A sender on it, verified through the link the sandbox "mailed".
    let from_email = format!("news@{domain_name}");
    let sender = client
        .senders()
        .add(domain_name, &from_email, "Example News")
        .await?;
    steps.step(format!(
        "Added the sender {from_email} (id {}, status {})",
        sender.id,
        sender.status.as_deref().unwrap_or("-")
    ));
    let asked = client.senders().verify(&from_email).await?;
    steps.step(format!(
        "Requested its verification: {}",
        asked.message.as_deref().unwrap_or("sent")
    ));
    admin
        .follow_verification_link(&from_email)
        .await
        .map_err(failed)?;
    steps.step(format!(
        "Followed the verification link from the message to {from_email} (sandbox outbox)"
    ));
    let senders = client.senders().list().await?;
    let status = senders
        .iter()
        .find(|s| s.from_email == from_email)
        .and_then(|s| s.status.clone());
    check(status.as_deref() == Some("verified"), || {
        format!("{from_email} is {status:?} after following its link")
    })?;
    steps.step(format!(
        "Confirmed {from_email} is verified (senders.list, {} sender(s) in all)",
        senders.len()
    ));

    // What a campaign needs: a template and a list with subscribers.
    let html = "<h1>{{subject}}</h1><p>Spring is here, and so are our new arrivals.</p>";
    let template = client
        .templates()
        .add(&NewTemplate::new("Spring newsletter", html))
        .await?;
    steps.step(format!(
        "Added the template \"{}\" (id {})",
        template.name, template.id
    ));
    let list = client.mailing_lists().add("Newsletter subscribers").await?;
    steps.step(format!(
        "Added the mailing list \"{}\" (id {})",
        list.name, list.id
    ));
    let filled = admin
        .post(
            "/_sandbox/subscribers",
            &json!({"mailing_list_id": list.id, "count": args.subscribers}),
        )
        .await
        .map_err(failed)?;
    let count = filled["mailing_list"]["subscribers_count"]
        .as_u64()
        .unwrap_or_default();
    check(count == args.subscribers, || {
        format!(
            "the list holds {count} subscribers, not {}",
            args.subscribers
        )
    })?;
    steps.step(format!("Added {count} subscribers to it (sandbox)"));
    let options = client.campaigns().options().await?;
    steps.step(format!(
        "Read the campaign options: templates: {}, lists: {}, senders: {}, VMTAs: {}, default speed: {}/h",
        options.templates.len(),
        options.mailing_lists.len(),
        options.senders.len(),
        options.vmtas.len(),
        options.speed.unwrap_or_default()
    ));

    // The campaign: scheduled, paused, resumed, edited, then delivered on the sandbox clock.
    let now = sandbox_now(admin).await?;
    let begins_at = (now + CAMPAIGN_LEAD).format(TIME_FORMAT).to_string();
    let content = CampaignContent {
        from_name: Some("Example News".into()),
        speed: Some(FIRST_SPEED),
        ..CampaignContent::new(&from_email, "Spring is here", html)
    };
    let new_campaign = NewCampaign {
        template_id: template.id,
        mailing_list_id: Some(list.id),
        campaign_name: Some("Spring newsletter".into()),
        begins_at: Some(begins_at.clone()),
        segment: Some("all".into()),
        content: content.clone(),
    };
    let campaign = client.campaigns().create(&new_campaign).await?;
    let id = campaign.id;
    let state = campaign.state.as_deref().unwrap_or("-");
    check(state == "scheduled", || {
        format!("the new campaign is {state:?}, not scheduled")
    })?;
    steps.step(format!("Created the campaign #{id}, beginning at {begins_at} (in 10 minutes) at {FIRST_SPEED} messages/hour: {state}"));
    let paused = client.campaigns().toggle_pause(id).await?;
    check(paused.paused == Some(true), || {
        format!("pausing left paused = {:?}", paused.paused)
    })?;
    steps.step(format!(
        "Paused it (paused: {})",
        paused.paused == Some(true)
    ));
    let resumed = client.campaigns().toggle_pause(id).await?;
    check(resumed.paused == Some(false), || {
        format!("resuming left paused = {:?}", resumed.paused)
    })?;
    steps.step(format!(
        "Resumed it (paused: {})",
        resumed.paused == Some(true)
    ));
    let edit = client.campaigns().edit_options(id).await?;
    steps.step(format!(
        "Read it for editing: \"{}\", {}, begins {} ({} templates and {} senders to choose from)",
        edit.campaign.campaign_name.as_deref().unwrap_or("-"),
        edit.campaign.state.as_deref().unwrap_or("-"),
        edit.campaign.begins_at.as_deref().unwrap_or("-"),
        edit.templates.len(),
        edit.senders.len()
    ));
    let changes = CampaignChanges {
        campaign_name: Some("Spring newsletter (final)".into()),
        content: CampaignContent {
            speed: Some(UPDATED_SPEED),
            ..content
        },
        ..CampaignChanges::default()
    };
    let updated = client.campaigns().update(id, &changes).await?;
    steps.step(format!(
        "Updated it: renamed, and {UPDATED_SPEED} messages/hour ({})",
        updated.message.as_deref().unwrap_or("updated")
    ));
    deliver(&client, admin, id, args.subscribers, steps).await?;

    // Transactional mail, then what the sandbox "sent".
    let welcome = client
        .mail()
        .send_welcome(
            "customer@example.org",
            "Example Shop",
            Some("Welcome to Example Shop"),
            Some("<h1>Welcome!</h1>"),
        )
        .await?;
    steps.step(format!(
        "Sent a welcome mail to customer@example.org: {}",
        welcome.message.as_deref().unwrap_or("sent")
    ));
    outbox_summary(admin, steps).await
}

async fn sandbox_now(admin: &SandboxAdmin) -> Result<NaiveDateTime, CliError> {
    let clock = admin
        .get("/_sandbox/clock", &[])
        .await
        .map_err(CliError::Failed)?;
    let now = clock["now"].as_str().unwrap_or_default();
    NaiveDateTime::parse_from_str(now, TIME_FORMAT)
        .map_err(|e| CliError::Failed(format!("the sandbox clock reads {now:?}: {e}")))
}

/// Moves the sandbox clock until campaign `id` has finished, showing its progress (campaigns.list).
async fn deliver(
    client: &smtpprovider::Client,
    admin: &SandboxAdmin,
    id: u64,
    subscribers: u64,
    steps: &mut Steps,
) -> Result<(), CliError> {
    steps.step(format!(
        "Moved the sandbox clock {} minutes at a time until the campaign finished:",
        TICK_SECONDS / 60
    ));
    for _ in 0..MAX_TICKS {
        let clock = admin
            .post("/_sandbox/clock", &json!({"advance_seconds": TICK_SECONDS}))
            .await
            .map_err(CliError::Failed)?;
        let campaigns = client.campaigns().list().await?;
        let campaign = campaigns.iter().find(|c| c.id == id).ok_or_else(|| {
            CliError::Failed(format!("campaign #{id} is missing from campaigns.list"))
        })?;
        let state = campaign.state.as_deref().unwrap_or("-");
        let sent = campaign.sent_count.unwrap_or_default();
        steps.detail(format!(
            "{}  {state:<9}  {sent}/{subscribers} sent",
            clock["now"].as_str().unwrap_or("?")
        ));
        if state == "finished" {
            return check(sent == subscribers, || {
                format!("the campaign finished with {sent} of {subscribers} sent")
            });
        }
    }
    Err(CliError::Failed(format!(
        "campaign #{id} had not finished after {MAX_TICKS} clock ticks"
    )))
}

async fn outbox_summary(admin: &SandboxAdmin, steps: &mut Steps) -> Result<(), CliError> {
    let outbox = admin
        .get("/_sandbox/outbox", &[])
        .await
        .map_err(CliError::Failed)?;
    let messages = outbox["messages"].as_array().cloned().unwrap_or_default();
    steps.step(format!(
        "The sandbox's outbox holds {} messages:",
        messages.len()
    ));
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for message in &messages {
        let kind = message["kind"].as_str().unwrap_or("?").to_owned();
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => kinds.push((kind, 1)),
        }
    }
    for (kind, count) in kinds {
        let example = messages.iter().find(|m| m["kind"] == kind.as_str());
        let subject = example.and_then(|m| m["subject"].as_str()).unwrap_or("-");
        steps.detail(format!("{count:>4} × {kind:<19} e.g. \"{subject}\""));
    }
    Ok(())
}
