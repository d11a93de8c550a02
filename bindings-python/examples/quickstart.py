"""The whole SMTPProvider onboarding, through the Python package, against an embedded sandbox
(the same walk as the CLI's `smtpprovider quickstart`):

log in, add a domain and publish its DKIM record, verify it, add a sender and verify it through
the emailed link, add a template and a mailing list with subscribers, create a campaign, pause,
resume, edit and update it, deliver it on the sandbox clock, send a welcome mail, and show what
the sandbox "sent".

    python examples/quickstart.py [--domain example.com] [--subscribers 25]

Every API call is a call of `smtpprovider.Client`; only the stand-ins for the outside world (DNS,
the recipient's inbox, subscribers, the clock) are sandbox methods. Exits non-zero, saying why,
if any step does not turn out as expected.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import datetime, timedelta

import smtpprovider
from smtpprovider.testing import Sandbox
from smtpprovider.types import CampaignContent

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
FIRST_SPEED, UPDATED_SPEED = 60, 120  # messages per hour
TICK_SECONDS, MAX_TICKS = 300, 50


class Steps:
    """Numbered progress lines."""

    def __init__(self) -> None:
        self.number = 0

    def step(self, text: str) -> None:
        self.number += 1
        print(f"{self.number:>2}. {text}")

    @staticmethod
    def detail(text: str) -> None:
        print(f"      {text}")


def check(ok: bool, failure: str) -> None:
    if not ok:
        raise RuntimeError(failure)


def onboard(sandbox: Sandbox, domain_name: str, subscribers: int, steps: Steps) -> None:
    client = smtpprovider.Client.login(Sandbox.DEMO_EMAIL, Sandbox.DEMO_PASSWORD, base_url=sandbox.base_url)
    steps.step(f"Logged in as {Sandbox.DEMO_EMAIL} (user id {client.user_id})")

    # The domain and its DKIM record.
    domain = client.domains.add(domain_name)
    steps.step(f"Added the domain {domain_name} (id {domain.id}, status {domain.status})")
    view = client.domains.view(domain_name)
    steps.step(f"Read the DNS records {domain_name} needs (domains.view):")
    for record in view.dns_records:
        value = record.value or "-"
        value = value if len(value) <= 48 else value[:47] + "…"
        steps.detail(f"{record.record_type or '-':<5} {record.purpose or '-':<11} {record.host} = {value} ({record.status})")
    check(domain.host is not None and domain.public_key is not None, f"the API gave {domain_name} no DKIM record")
    sandbox.publish_dns(domain.host or "", domain.public_key or "")
    steps.step(f"Published the DKIM TXT record at {domain.host} (in the sandbox's DNS zone)")
    verification = client.domains.verify(domain_name)
    for _ in range(20):  # DNS is instant in the sandbox; a real zone may take a while
        if verification.verified:
            break
        time.sleep(0.5)
        verification = client.domains.verify(domain_name)
    check(verification.verified, f"{domain_name} did not verify: {verification.message}")
    steps.step(f"Verified {domain_name}: {verification.message}")

    # A sender on it, verified through the link the sandbox "mailed".
    from_email = f"news@{domain_name}"
    sender = client.senders.add(domain_name, from_email, "Example News")
    steps.step(f"Added the sender {from_email} (id {sender.id}, status {sender.status})")
    asked = client.senders.verify(from_email)
    steps.step(f"Requested its verification: {asked.message}")
    sandbox.follow_verification_link(from_email)
    steps.step(f"Followed the verification link from the message to {from_email} (sandbox outbox)")
    senders = client.senders.list()
    status = next((s.status for s in senders if s.from_email == from_email), None)
    check(status == "verified", f"{from_email} is {status!r} after following its link")
    steps.step(f"Confirmed {from_email} is verified (senders.list, {len(senders)} sender(s) in all)")

    # What a campaign needs: a template and a list with subscribers.
    html = "<h1>{{subject}}</h1><p>Spring is here, and so are our new arrivals.</p>"
    template = client.templates.add(name="Spring newsletter", html_body=html, active=True)
    steps.step(f'Added the template "{template.name}" (id {template.id})')
    mailing_list = client.mailing_lists.add("Newsletter subscribers")
    steps.step(f'Added the mailing list "{mailing_list.name}" (id {mailing_list.id})')
    filled = sandbox.add_subscribers(mailing_list.id, count=subscribers)
    check(filled["subscribers_count"] == subscribers, f"the list holds {filled['subscribers_count']} subscribers")
    steps.step(f"Added {subscribers} subscribers to it (sandbox)")
    options = client.campaigns.options()
    steps.step(
        f"Read the campaign options: templates: {len(options.templates)}, lists: {len(options.mailing_lists)}, "
        f"senders: {len(options.senders)}, VMTAs: {len(options.vmtas)}, default speed: {options.speed}/h"
    )

    # The campaign: scheduled, paused, resumed, edited, then delivered on the sandbox clock.
    # `begins_at` takes a datetime; a naive one is in the account's timezone (the sandbox's is UTC).
    begins_at = datetime.strptime(sandbox.clock()["now"], TIME_FORMAT) + timedelta(minutes=10)
    # The content and delivery settings (the API's `all_request`) are keywords beside the others;
    # kept in a typed dict here because the update below sends them again.
    content: CampaignContent = {
        "from_email": from_email,
        "subject": "Spring is here",
        "html_body": html,
        "from_name": "Example News",
        "speed": FIRST_SPEED,
    }
    campaign = client.campaigns.create(
        template_id=template.id,
        mailing_list_id=mailing_list.id,
        campaign_name="Spring newsletter",
        begins_at=begins_at,
        segment="all",
        **content,
    )
    check(campaign.state == "scheduled", f"the new campaign is {campaign.state!r}, not scheduled")
    steps.step(f"Created the campaign #{campaign.id}, beginning at {campaign.begins_at} at {FIRST_SPEED} messages/hour: {campaign.state}")
    paused = client.campaigns.toggle_pause(campaign.id)
    check(paused.paused is True, f"pausing left paused = {paused.paused!r}")
    steps.step("Paused it")
    resumed = client.campaigns.toggle_pause(campaign.id)
    check(resumed.paused is False, f"resuming left paused = {resumed.paused!r}")
    steps.step("Resumed it")
    edit = client.campaigns.edit_options(campaign.id)
    steps.step(
        f'Read it for editing: "{edit.campaign.campaign_name}", {edit.campaign.state}, begins {edit.campaign.begins_at} '
        f"({len(edit.templates)} templates and {len(edit.senders)} senders to choose from)"
    )
    # An update sends the content whole, as the API requires.
    faster: CampaignContent = {**content, "speed": UPDATED_SPEED}
    updated = client.campaigns.update(campaign.id, campaign_name="Spring newsletter (final)", **faster)
    steps.step(f"Updated it: renamed, and {UPDATED_SPEED} messages/hour ({updated.message})")
    deliver(client, sandbox, campaign.id, subscribers, steps)

    # Transactional mail, then what the sandbox "sent".
    welcome = client.mail.send_welcome(
        "customer@example.org", "Example Shop", subject="Welcome to Example Shop", html_content="<h1>Welcome!</h1>"
    )
    steps.step(f"Sent a welcome mail to customer@example.org: {welcome.message}")
    messages = sandbox.outbox()
    steps.step(f"The sandbox's outbox holds {len(messages)} messages:")
    for kind, count in Counter(m["kind"] for m in messages).items():
        example = next(m for m in messages if m["kind"] == kind)
        steps.detail(f'{count:>4} × {kind:<19} e.g. "{example["subject"]}"')


def deliver(client: smtpprovider.Client, sandbox: Sandbox, campaign_id: int, subscribers: int, steps: Steps) -> None:
    """Moves the sandbox clock until the campaign has finished, showing its progress."""
    steps.step(f"Moved the sandbox clock {TICK_SECONDS // 60} minutes at a time until the campaign finished:")
    for _ in range(MAX_TICKS):
        now = sandbox.advance_clock(TICK_SECONDS)["now"]
        campaign = next((c for c in client.campaigns.list() if c.id == campaign_id), None)
        if campaign is None:
            raise RuntimeError(f"campaign #{campaign_id} is missing from campaigns.list")
        sent = campaign.sent_count or 0
        steps.detail(f"{now}  {campaign.state or '-':<9}  {sent}/{subscribers} sent")
        if campaign.state == "finished":
            check(sent == subscribers, f"the campaign finished with {sent} of {subscribers} sent")
            return
    raise RuntimeError(f"campaign #{campaign_id} had not finished after {MAX_TICKS} clock ticks")


def main() -> int:
    parser = argparse.ArgumentParser(description="The SMTPProvider onboarding against an embedded sandbox.")
    parser.add_argument("--domain", default="example.com", help="the sending domain to add (default: example.com)")
    parser.add_argument("--subscribers", type=int, default=25, help="subscribers on the mailing list (default: 25)")
    args = parser.parse_args()
    print("smtpprovider quickstart (Python): the whole onboarding against a sandbox\n")
    steps = Steps()
    with Sandbox() as sandbox:
        steps.step(f"Started an embedded sandbox at {sandbox.base_url}")
        try:
            onboard(sandbox, args.domain, args.subscribers, steps)
        except (smtpprovider.SmtpProviderError, RuntimeError) as failure:
            print(f"\nquickstart failed at step {steps.number + 1}: {failure}", file=sys.stderr)
            return 1
    print("\nDone: every call of the onboarding worked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
