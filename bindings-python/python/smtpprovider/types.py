"""The request objects some calls take, as ``TypedDict``s: the alternative to keyword arguments.

Calls take their fields as keywords first (``client.templates.add(name="Welcome",
html_body="<h1>Hi</h1>")``, a campaign's content fields beside its others); a field set built
up as data can go as one mapping instead, typed by these. Their keys are the fields of the
core's request structs (``NewTemplate``, ...), a campaign's content nested under
``all_request`` as the API has it; the client refuses a key it does not know, so a misspelt
optional field is an error, not silently dropped.

>>> from smtpprovider.types import NewTemplate
>>> template: NewTemplate = {"name": "Welcome", "html_body": "<h1>Hi</h1>", "active": True}
>>> client.templates.add(template)
"""

from __future__ import annotations

from typing import TypedDict

__all__ = ["CampaignChanges", "CampaignContent", "NewCampaign", "NewTemplate", "TemplateChanges"]


class _NewTemplateRequired(TypedDict):
    name: str
    html_body: str


class NewTemplate(_NewTemplateRequired, total=False):
    """A new template (``templates.add``); ``active`` is ``True`` when left out."""

    active: bool


class TemplateChanges(TypedDict, total=False):
    """Changes to a template (``templates.update``); keys left out stay as they are."""

    name: str
    html_body: str
    active: bool


class _CampaignContentRequired(TypedDict):
    from_email: str


class CampaignContent(_CampaignContentRequired, total=False):
    """A campaign's content and delivery settings (the API's ``all_request``).

    ``from_email`` must be a verified sender of a verified domain; the sandbox also wants
    ``subject`` and ``html_body`` when a campaign is stored.
    """

    subject: str
    html_body: str
    text_body: str
    from_name: str
    reply_email: str
    sender_email: str
    speed: int
    vmta_id: int
    bounce_email_id: int
    url_domain_id: int


class _NewCampaignRequired(TypedDict):
    template_id: int
    all_request: CampaignContent


class NewCampaign(_NewCampaignRequired, total=False):
    """A new campaign (``campaigns.create``); ``begins_at`` is ``Y-m-d H:i:s``."""

    mailing_list_id: int
    campaign_name: str
    begins_at: str
    segment: str


class _CampaignChangesRequired(TypedDict):
    all_request: CampaignContent


class CampaignChanges(_CampaignChangesRequired, total=False):
    """Changes to a campaign (``campaigns.update``): the content whole, other keys optional."""

    campaign_name: str
    begins_at: str
    segment: str
    mailing_list_id: int
    template_id: int
