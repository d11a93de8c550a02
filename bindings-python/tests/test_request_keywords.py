"""Request structs as keyword arguments (`templates.add(name=..., html_body=...)`): checked
against the core's field lists before anything is sent, typed in the stubs so that mypy flags a
misspelt keyword, `begins_at` taking a `datetime`, and the mapping form kept as the alternative."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, get_type_hints

import pytest

import smtpprovider
from smtpprovider import REQUEST_FIELDS, types
from smtpprovider.testing import Sandbox


def verified_sender(sandbox: Sandbox, client: smtpprovider.Client) -> str:
    """A verified sender on a verified domain, which a campaign needs."""
    domain = client.domains.add("keywords.example.com")
    sandbox.publish_dns(domain.host or "", domain.public_key or "")
    assert client.domains.verify("keywords.example.com").verified
    client.senders.add("keywords.example.com", "news@keywords.example.com", "News")
    client.senders.verify("news@keywords.example.com")
    sandbox.follow_verification_link("news@keywords.example.com")
    return "news@keywords.example.com"


def test_misspelt_or_missing_keywords_are_type_errors_and_nothing_is_sent(
    sandbox: Sandbox, client: smtpprovider.Client
) -> None:
    aclient = sandbox.async_client()
    sandbox.clear_requests()
    with pytest.raises(TypeError, match=r"templates\.add\(\) got an unexpected keyword argument 'nmae'") as typo:
        client.templates.add(nmae="Welcome", html_body="<p>Hi</p>")  # type: ignore[call-overload]
    assert "name, html_body, active" in str(typo.value), "the valid names are listed"
    with pytest.raises(TypeError, match="unexpected keyword argument 'begins'"):
        client.campaigns.create(template_id=1, from_email="a@example.com", begins="2030-01-01 09:00:00")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"missing required keyword argument: 'html_body'"):
        client.templates.add(name="Welcome")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"missing required keyword arguments: 'template_id', 'from_email'"):
        client.campaigns.create(subject="Hi")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="'name' must be str, not int"):
        client.templates.update(1, name=5)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="'speed' must be int, not bool"):
        client.campaigns.update(1, from_email="a@example.com", speed=True)
    with pytest.raises(TypeError, match="not both"):
        client.templates.add({"name": "A", "html_body": "<p/>"}, active=False)  # type: ignore[call-overload]
    with pytest.raises(smtpprovider.InvalidInputError, match="non-negative"):
        client.campaigns.create(template_id=1, from_email="a@example.com", vmta_id=-1)

    async def misspelt() -> None:
        await aclient.templates.update(1, activ=True)  # type: ignore[call-overload]

    with pytest.raises(TypeError, match="unexpected keyword argument 'activ'"):
        asyncio.run(misspelt())
    assert sandbox.requests() == [], "nothing reached the sandbox"


def test_a_misspelt_keyword_is_flagged_by_mypy(tmp_path: Path) -> None:
    script = tmp_path / "misspelt.py"
    script.write_text(
        textwrap.dedent(
            """
            import smtpprovider

            def add(client: smtpprovider.Client) -> None:
                client.templates.add(nmae="Welcome", html_body="<p>Hi</p>")
                client.campaigns.update(1, from_email="a@example.com", begins_at=3)

            async def create(client: smtpprovider.AsyncClient) -> None:
                await client.campaigns.create(template_id=1, from_emial="a@example.com")
            """
        )
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert {line.split(":")[1] for line in errors} == {"5", "6", "9"}, checked.stdout
    assert 'Unexpected keyword argument "nmae"' in checked.stdout
    assert 'Unexpected keyword argument "from_emial"' in checked.stdout
    assert 'did you mean "from_email"' in checked.stdout


def test_keywords_through_both_clients_match_the_mapping_form(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    by_keyword = client.templates.add(name="Kw", html_body="<p>{{content}}</p>")
    by_mapping = client.templates.add({"name": "Kw", "html_body": "<p>{{content}}</p>"})
    assert (by_keyword.name, by_keyword.active) == (by_mapping.name, by_mapping.active) == ("Kw", True)
    assert client.templates.update(by_keyword.id, active=False, name=None).active is False, "None is not sent"

    async def asynchronously() -> smtpprovider.Template:
        async with sandbox.async_client() as aclient:
            added = await aclient.templates.add(name="Async", html_body="<p/>", active=False)
            return await aclient.templates.update(added.id, name="Async 2")

    renamed = asyncio.run(asynchronously())
    assert (renamed.name, renamed.active) == ("Async 2", False)


def test_begins_at_takes_a_datetime(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sender = verified_sender(sandbox, client)
    template = client.templates.add(name="Dated", html_body="<p/>")
    content: Dict[str, Any] = {"from_email": sender, "subject": "Hi", "html_body": "<p>Hi</p>"}

    def begins(value: Any) -> str | None:
        campaign = client.campaigns.create(template_id=template.id, begins_at=value, **content)
        return campaign.begins_at

    assert begins("2030-05-06 18:00:00") == "2030-05-06 18:00:00", "the API's own string"
    assert begins(datetime(2030, 5, 6, 18, 0, 0, 750_000)) == "2030-05-06 18:00:00", "naive: as it reads"
    assert begins(datetime(2030, 5, 6, 20, 0, tzinfo=timezone(timedelta(hours=2)))) == "2030-05-06 18:00:00", "aware: in UTC"
    assert begins(datetime(2030, 5, 6, 18, 0, tzinfo=timezone.utc)) == "2030-05-06 18:00:00"
    with pytest.raises(TypeError, match="'begins_at' must be str or datetime, not date"):
        client.campaigns.create(template_id=template.id, begins_at=date(2030, 5, 6), **content)  # type: ignore[call-overload]
    campaign = client.campaigns.create(template_id=template.id, **content)
    moved = datetime(2031, 1, 2, 3, 4, 5)
    client.campaigns.update(campaign.id, begins_at=moved, **content)
    assert client.campaigns.edit_options(campaign.id).campaign.begins_at == "2031-01-02 03:04:05"


def hints(typed_dict: Any) -> Dict[str, Any]:
    return get_type_hints(typed_dict)


@pytest.mark.parametrize(
    "name, typed_dict",
    [
        ("NewTemplate", types.NewTemplate),
        ("TemplateChanges", types.TemplateChanges),
        ("NewCampaign", types.NewCampaign),
        ("CampaignChanges", types.CampaignChanges),
    ],
)
def test_the_typed_dicts_have_the_core_s_fields(name: str, typed_dict: Any) -> None:
    # The keywords are the TypedDict's keys with `all_request` opened up.
    keys = {key for key in hints(typed_dict) if key != "all_request"}
    required = set(typed_dict.__required_keys__) - {"all_request"}
    if "all_request" in hints(typed_dict):
        keys |= set(hints(types.CampaignContent))
        required |= set(types.CampaignContent.__required_keys__)
    assert {field[0] for field in REQUEST_FIELDS[name]} == keys
    assert {field[0] for field in REQUEST_FIELDS[name] if field[2]} == required
    assert all(field[3] for field in REQUEST_FIELDS[name]), "every field has a doc line"

