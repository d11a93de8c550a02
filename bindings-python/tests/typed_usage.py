"""A user's script that makes every call with both clients, fully annotated: `mypy --strict`
checks it against the stubs (scripts/test.sh), and test_typed_usage.py runs it for real.
Request fields are keywords, as the docs lead with; the TypedDict form appears once per call too."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import List, Optional

import smtpprovider
from smtpprovider import (
    AsyncClient,
    Campaign,
    CampaignEditOptions,
    CampaignOptions,
    Client,
    Domain,
    DomainVerification,
    DomainView,
    MailingList,
    Message,
    Sender,
    Template,
    User,
)
from smtpprovider.testing import Sandbox
from smtpprovider.types import CampaignChanges, CampaignContent, NewTemplate


def blocking_calls(sandbox: Sandbox) -> List[str]:
    client: Client = Client.login(
        "demo@example.com", "demo-password", base_url=sandbox.base_url, timeout=10.0, max_retries=1
    )
    user: Optional[User] = client.user
    token: Optional[str] = client.token
    saved = Client(token=token, user_id=client.user_id, base_url=sandbox.base_url, deadline=30.0)
    patient: Client = saved.with_options(timeout=20.0, max_retries=3)

    domain: Domain = patient.domains.add("typed.example.com")
    domains: List[Domain] = patient.domains.list()
    answer: Optional[smtpprovider.ResponseInfo] = patient.last_response
    assert answer is not None and answer.status == 200 and answer.endpoint == "domains.list"
    remaining: Optional[str] = answer.headers.get("x-ratelimit-remaining")
    assert answer.rate_limit is None or remaining is not None
    view: DomainView = patient.domains.view("typed.example.com")
    sandbox.publish_dns(domain.host or "", domain.public_key or "")
    verification: DomainVerification = patient.domains.verify(domain_name="typed.example.com")
    waited: DomainVerification = patient.domains.wait_verified("typed.example.com", timeout=5.0, interval=0.1)

    sender: Sender = patient.senders.add("typed.example.com", "news@typed.example.com", "News")
    asked: Message = patient.senders.verify("news@typed.example.com")
    sandbox.follow_verification_link("news@typed.example.com")
    senders: List[Sender] = patient.senders.list()

    template: Template = patient.templates.add(name="Typed", html_body="<p>{{content}}</p>", active=True)
    renamed: Template = patient.templates.update(template.id, name="Typed 2")
    shown: Template = patient.templates.get(template.id)
    templates: List[Template] = patient.templates.list()
    defaults: List[Template] = patient.templates.defaults()

    mailing_list: MailingList = patient.mailing_lists.add("Typed list")
    lists: List[MailingList] = patient.mailing_lists.list()

    options: CampaignOptions = patient.campaigns.options()
    # A naive datetime is sent as it reads: the sandbox clock's time, an hour on.
    in_an_hour = datetime.strptime(sandbox.clock()["now"], "%Y-%m-%d %H:%M:%S") + timedelta(hours=1)
    campaign: Campaign = patient.campaigns.create(
        template_id=template.id,
        mailing_list_id=mailing_list.id,
        begins_at=in_an_hour,
        from_email=sender.from_email,
        subject="Hi",
        html_body="<p>Hi</p>",
        speed=500,
    )
    toggled: Campaign = patient.campaigns.toggle_pause(campaign.id)
    edit: CampaignEditOptions = patient.campaigns.edit_options(campaign.id)
    updated: Message = patient.campaigns.update(
        campaign.id, campaign_name="Typed campaign", from_email=sender.from_email, subject="Hi", html_body="<p>Hi</p>"
    )
    campaigns: List[Campaign] = patient.campaigns.list()

    welcome: Message = patient.mail.send_welcome("customer@example.org", "Shop", subject="Hi", html_content="<p>Hi</p>")
    patient.close()

    try:
        patient.domains.list()
    except smtpprovider.InvalidInputError as closed:
        status: Optional[int] = closed.status
        assert status is None and closed.kind == "InvalidInput"
    return [
        str(user and user.email),
        str(len(domains)),
        str(len(view.dns_records)),
        str(verification.verified),
        str(waited.verified),
        str(asked.message),
        str(len(senders)),
        renamed.name,
        shown.name,
        str(len(templates) + len(defaults)),
        str(len(lists)),
        str(options.speed),
        str(toggled.paused),
        str(edit.campaign.id),
        str(updated.message),
        str(len(campaigns)),
        str(welcome.message),
    ]


async def async_calls(sandbox: Sandbox) -> List[str]:
    async with await AsyncClient.login("demo@example.com", "demo-password", base_url=sandbox.base_url) as client:
        domains: List[Domain] = await client.domains.list()
        view: DomainView = await client.domains.view(domains[0].domain_name)
        verification: DomainVerification = await client.domains.verify(domains[0].domain_name)
        awaited: DomainVerification = await client.domains.wait_verified("typed.example.com", 5.0, 0.1)
        senders: List[Sender] = await client.senders.list()
        added: Sender = await client.senders.add(domains[0].domain_name, "promo@typed.example.com", "Promo")
        asked: Message = await client.senders.verify(added.from_email)
        templates: List[Template] = await client.templates.list()
        template: Template = await client.templates.get(templates[0].id)
        copy: Template = await client.templates.add(name="Copy", html_body=template.html_body or "", active=False)
        renamed: Template = await client.templates.update(copy.id, active=True)
        # The mapping form, the alternative to keywords.
        mapped: NewTemplate = {"name": "Mapped", "html_body": "<p>{{content}}</p>"}
        await client.templates.add(mapped)
        defaults: List[Template] = await client.templates.defaults()
        lists: List[MailingList] = await client.mailing_lists.list()
        second: MailingList = await client.mailing_lists.add("Second")
        options: CampaignOptions = await client.campaigns.options()
        campaigns: List[Campaign] = await client.campaigns.list()
        campaign: Campaign = await client.campaigns.create(
            template_id=template.id, from_email=senders[0].from_email, subject="Again", html_body="<p>Again</p>"
        )
        edit: CampaignEditOptions = await client.campaigns.edit_options(campaign.id)
        content: CampaignContent = {"from_email": senders[0].from_email, "subject": "Again", "html_body": "<p>Again</p>"}
        changes: CampaignChanges = {"all_request": content, "segment": "all"}
        updated: Message = await client.campaigns.update(campaign.id, changes)
        try:
            await client.campaigns.toggle_pause(campaign.id)
        except smtpprovider.ValidationError as idle:  # an unscheduled campaign cannot be paused
            messages: List[str] = idle.messages
            assert messages
        welcome: Message = await client.mail.send_welcome("again@example.org", "Shop")
        results = await asyncio.gather(client.domains.list(), client.templates.defaults())
        # Calls are coroutines: what create_task (and TaskGroup.create_task), wait_for and shield take.
        task: asyncio.Task[List[Domain]] = asyncio.create_task(client.domains.list())
        within: List[Template] = await asyncio.wait_for(asyncio.shield(client.templates.list()), timeout=30)
        return [
            str(len(view.dns_records)),
            str(verification.verified),
            str(awaited.verified),
            str(asked.message),
            str(renamed.active),
            str(len(defaults) + len(lists) + len(campaigns)),
            second.name,
            str(len(options.templates)),
            str(edit.campaign.id),
            str(updated.message),
            str(welcome.message),
            str(len(results)),
            str(len(await task) + len(within)),
        ]


def main() -> List[str]:
    with Sandbox() as sandbox:
        return blocking_calls(sandbox) + asyncio.run(async_calls(sandbox))


if __name__ == "__main__":
    print("\n".join(main()))
