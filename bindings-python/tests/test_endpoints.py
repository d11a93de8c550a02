"""Every endpoint of the table, through the blocking and the asyncio client, against a sandbox:
the whole life of an account, checking what each call returns. Request structs are given as
keywords, as users write them."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, List, Set

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox


class Calls:
    """Makes calls with either client and records which table ids were made."""

    def __init__(self, client: Any, asyncio_loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = asyncio_loop
        self.made: Set[str] = set()

    def __call__(self, call_id: str, *args: Any, **kwargs: Any) -> Any:
        resource, name = call_id.split(".")
        method: Callable[..., Any] = getattr(getattr(self.client, resource), name)
        self.made.add(call_id)
        if self.loop is None:
            return method(*args, **kwargs)

        async def awaiting() -> Any:
            return await method(*args, **kwargs)

        return self.loop.run_until_complete(awaiting())


def login(sandbox: Sandbox, flavor: str, loop: asyncio.AbstractEventLoop | None) -> Any:
    if flavor == "blocking":
        return smtpprovider.Client.login("demo@example.com", "demo-password", base_url=sandbox.base_url)
    assert loop is not None

    async def logging_in() -> smtpprovider.AsyncClient:
        return await smtpprovider.AsyncClient.login("demo@example.com", "demo-password", base_url=sandbox.base_url)

    return loop.run_until_complete(logging_in())


@pytest.mark.parametrize("flavor", ["blocking", "asyncio"])
def test_every_endpoint(sandbox: Sandbox, flavor: str) -> None:
    loop = asyncio.new_event_loop() if flavor == "asyncio" else None
    try:
        client = login(sandbox, flavor, loop)
        assert isinstance(client, smtpprovider.Client if flavor == "blocking" else smtpprovider.AsyncClient)
        assert client.user is not None and client.user.email == "demo@example.com"
        assert client.user_id == 1 and client.token
        call = Calls(client, loop)
        run_account(call, sandbox)
        table = {e.id for e in smtpprovider.ENDPOINTS} - {"client.login"}
        assert call.made == table, f"not called: {table - call.made}"
    finally:
        if loop is not None:
            loop.close()


def run_account(call: Calls, sandbox: Sandbox) -> None:
    # Domains: add, publish DKIM, verify.
    domain = call("domains.add", "example.com")
    assert isinstance(domain, smtpprovider.Domain)
    assert domain.domain_name == "example.com" and domain.status == "pending"
    assert domain.host == "smtp._domainkey.example.com" and (domain.public_key or "").startswith("v=DKIM1")
    assert [d.domain_name for d in call("domains.list")] == ["example.com"]
    view = call("domains.view", domain_name="example.com")
    assert isinstance(view, smtpprovider.DomainView) and view.domain == domain
    assert {r.purpose for r in view.dns_records} == {"dkim", "spf", "dmarc", "return_path"}
    not_yet = call("domains.verify", "example.com")
    assert isinstance(not_yet, smtpprovider.DomainVerification) and not not_yet.verified
    sandbox.publish_dns(domain.host or "", domain.public_key or "")
    verified = call("domains.verify", "example.com")
    assert verified.verified and verified.message == "Verified Successfully"

    # Senders: add, verify through the emailed link.
    sender = call("senders.add", "example.com", "news@example.com", sender_name="News")
    assert isinstance(sender, smtpprovider.Sender) and sender.status == "pending"
    sent = call("senders.verify", from_email="news@example.com")
    assert isinstance(sent, smtpprovider.Message) and sent.message
    sandbox.follow_verification_link("news@example.com")
    senders: List[smtpprovider.Sender] = call("senders.list")
    assert [(s.from_email, s.status) for s in senders] == [("news@example.com", "verified")]

    # Templates: defaults, add, get, update, list.
    defaults = call("templates.defaults")
    assert len(defaults) == 3 and all(t.user_id is None for t in defaults)
    template = call("templates.add", name="Frame", html_body="<div>{{content}}</div>", active=True)
    assert isinstance(template, smtpprovider.Template) and template.user_id == 1
    assert call("templates.get", template.id) == template
    renamed = call("templates.update", template.id, name="Frame 2")
    assert renamed.name == "Frame 2" and renamed.html_body == template.html_body
    assert [t.id for t in call("templates.list")] == [template.id]

    # Mailing lists.
    mailing_list = call("mailing_lists.add", "Newsletter")
    assert isinstance(mailing_list, smtpprovider.MailingList) and mailing_list.subscribers_count == 0
    sandbox.add_subscribers(mailing_list.id, emails=["ann@example.org", "bob@example.org"])
    assert [(m.name, m.subscribers_count) for m in call("mailing_lists.list")] == [("Newsletter", 2)]

    # Campaigns: options, create, pause and resume, edit options, update, list.
    options = call("campaigns.options")
    assert isinstance(options, smtpprovider.CampaignOptions)
    assert [s.from_email for s in options.senders] == ["news@example.com"]
    assert options.vmtas[0].name == "System Default Route" and options.speed == 1000
    # The content fields (the API's `all_request`) are keywords beside the others.
    content = {"from_email": "news@example.com", "subject": "Hello", "html_body": "<p>Hello {{email}}</p>"}
    sandbox.set_clock("2030-01-01 09:00:00")
    # An aware datetime is sent in UTC, the sandbox's zone: 12:00 at UTC+2 is 10:00.
    begins_at = datetime(2030, 1, 1, 12, 0, 0, 999_999, tzinfo=timezone(timedelta(hours=2)))
    campaign = call(
        "campaigns.create",
        template_id=template.id,
        mailing_list_id=mailing_list.id,
        campaign_name="May",
        begins_at=begins_at,
        speed=0,
        **content,
    )
    assert isinstance(campaign, smtpprovider.Campaign) and campaign.campaign_name == "May"
    assert (campaign.begins_at, campaign.from_email, campaign.speed) == ("2030-01-01 10:00:00", "news@example.com", 0)
    assert campaign.state == "scheduled"
    paused = call("campaigns.toggle_pause", campaign.id)
    assert paused.paused is True
    assert call("campaigns.toggle_pause", id=campaign.id).paused is False
    edit = call("campaigns.edit_options", campaign.id)
    assert isinstance(edit, smtpprovider.CampaignEditOptions) and edit.campaign.id == campaign.id
    updated = call("campaigns.update", campaign.id, campaign_name="June", **content)
    assert isinstance(updated, smtpprovider.Message) and updated.message == "update sucessfully"
    assert [c.campaign_name for c in call("campaigns.list")] == ["June"]
    sandbox.advance_clock(2 * 3600)
    delivered = sandbox.outbox(kind="campaign", campaign_id=campaign.id)
    assert sorted(m["to"] for m in delivered) == ["ann@example.org", "bob@example.org"]

    # Welcome mail, with and without a custom subject.
    welcome = call("mail.send_welcome", "customer@example.org", "Shop")
    assert welcome.message == "Mail sent successfully"
    call("mail.send_welcome", to_email="vip@example.org", shop_name="Shop", subject="Hi", html_content="<p>Hi</p>")
    welcomes = sandbox.outbox(kind="welcome")
    assert [(m["to"], m["subject"]) for m in welcomes][-1] == ("vip@example.org", "Hi")
