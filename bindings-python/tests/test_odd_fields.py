"""One odd field never fails a call (the core's rule, seen from Python): the field reads as
absent, its raw value is in ``extra`` and a warning on the ``smtpprovider`` logger names its path."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

LIST = "/v1/smtp-campaign-index"


def campaign(campaign_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": campaign_id, "template_id": 4, "campaign_name": f"Campaign {campaign_id}", "state": "scheduled",
        "bounce_email_id": 1, "sent_count": 0, **fields,
    }


def test_a_campaign_list_with_an_odd_field_still_lists(
    sandbox: Sandbox, client: smtpprovider.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="smtpprovider")
    odd = campaign(2, bounce_email_id="bm-7", sent_count="lots")
    sandbox.add_fault(LIST, "status", status=200, body={"success": True, "data": {"campaigns": [campaign(1), odd]}})

    first, second = client.campaigns.list()

    assert first.bounce_email_id == "1", "an untyped field is text"
    assert second.bounce_email_id == "bm-7"
    assert second.sent_count is None and second.extra == {"sent_count": "lots"}
    assert second.campaign_name == "Campaign 2" and second.state == "scheduled"
    assert second.to_dict()["sent_count"] == "lots", "to_dict() gives back what the API sent"
    [warning] = [r for r in caplog.records if r.name == "smtpprovider" and r.levelno == logging.WARNING]
    assert "data.campaigns[1].sent_count" in warning.getMessage()
