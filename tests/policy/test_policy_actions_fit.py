"""Actions that fit the verdict (record §2c and §4 'Actions by jurisdiction'): no objection form or
audience change for an item its own facts already exclude; with the region unknown, say where a
form exists and ask for the country; WhatsApp, Pages, people in others' content and non-users get
what the record names. The actions and their conditions are data (meta.rules.toml `when`)."""

# ruff: noqa: E501  (the case tables read best one case per line)

import shutil
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from api.platforms import ExplainablePlatform
from api.policy import ItemFacts, Objection, PersonContext, PolicyDataError, evaluate, load_catalog
from api.policy.catalog import DATA_DIR, read_catalog
from api.policy.facts import Audience, Author, AuthorAge, Kind

AS_OF = date(2026, 1, 15)


def item(
    platform: ExplainablePlatform = "facebook",
    kind: Kind = "post",
    audience: Audience = "public",
    author: Author = "self",
    age: AuthorAge = "adult",
) -> ItemFacts:
    return ItemFacts(platform, kind, audience, date(2021, 3, 1), author, age)


class Case(NamedTuple):
    name: str
    facts: ItemFacts
    region: str | None
    objection: Objection | None
    codes: list[str]


CASES = [
    # Already excluded by the item's own facts: nothing to do about it.
    Case("eu-minor-public-post", item(age="minor"), "DE", None, []),
    Case("eu-minor-profile", item(kind="profile_info", age="minor"), "DE", None, []),
    Case("eu-friends-only", item(audience="friends"), "DE", None, []),
    Case("eu-private-group", item(audience="group_private"), "DE", None, []),
    Case("instagram-private-account", item("instagram", "photo", "followers"), "DE", None, []),
    Case("au-minor", item(age="minor"), "AU", None, []),
    Case("someone-elses-minor-post", item(author="other", age="minor"), "DE", None, []),
    Case("camera-roll", item(kind="camera_roll", audience="only_me"), "US", None, []),
    # Open items keep their levers.
    Case("eu-adult-public-post", item(), "DE", None, ["object.facebook", "audience.change", "item.delete"]),
    Case("us-minor-uncertain", item(age="minor"), "US", None, ["audience.change", "item.delete"]),
    Case("eu-age-unknown", item(age="unknown"), "DE", None, ["object.facebook", "audience.change", "item.delete"]),
    Case("eu-audience-unknown", item(audience="unknown"), "DE", None, ["object.facebook", "audience.change", "item.delete"]),
    Case("eu-objected", item(), "DE", Objection(date(2025, 5, 1)), ["audience.change", "item.delete"]),
    Case("eu-paused-2024-form-still-useful", item(), "DE", None, ["object.facebook", "audience.change", "item.delete"]),
    # Region unknown: say where a form exists and ask for the country, first.
    Case("region-unknown-post", item(), None, None, ["region.tell", "object.facebook", "audience.change", "item.delete"]),
    Case("region-unknown-someone-else", item(author="other"), None, None, ["region.tell", "poster.ask", "third_party.form"]),
    Case("region-unknown-friends-only", item(audience="friends"), None, None, []),
    Case("unsettled-country-is-known", item(), "MC", None, ["object.facebook", "audience.change", "item.delete"]),
    # WhatsApp: no form of its own, and the per-chat advice everywhere; messages need nothing.
    Case("whatsapp-ai-chat-eu", item("whatsapp", "ai_chat", "unknown"), "DE", None, ["object.whatsapp", "ai_chat.avoid"]),
    Case("whatsapp-ai-chat-us", item("whatsapp", "ai_chat", "unknown"), "US", None, ["object.whatsapp", "ai_chat.avoid"]),
    Case("whatsapp-message", item("whatsapp", "message", "unknown"), "DE", None, []),
    Case("whatsapp-channel-post", item("whatsapp", "post", "public"), "DE", None, ["object.whatsapp", "item.delete"]),
    # Someone else's content: ask them, and the data-subject-rights form where the law gives one.
    Case("someone-else-eu", item(author="other"), "DE", None, ["poster.ask", "third_party.form"]),
    Case("someone-else-br", item(author="other"), "BR", None, ["poster.ask", "third_party.form"]),
    Case("someone-else-us", item(author="other"), "US", None, ["poster.ask"]),
    Case("someone-else-friends-only", item(author="other", audience="friends"), "DE", None, []),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_actions_fit_the_verdict(case: Case) -> None:
    as_of = date(2025, 1, 1) if "paused" in case.name else AS_OF
    result = evaluate(case.facts, PersonContext(case.region, case.objection), as_of)

    assert [action.code for action in result.actions] == case.codes


def test_asking_for_the_country_names_every_region_where_a_form_exists() -> None:
    """The text is data: it must name exactly the regions whose version in force has an opt-out."""
    catalog = load_catalog()
    with_form = {
        region
        for timeline in catalog.distinct_timelines
        for version in timeline
        if version.in_force(AS_OF) and version.opt_out
        for region in version.regions
    }
    tell = evaluate(item(), PersonContext(None), AS_OF).actions[0]

    assert {"DE", "NO", "RE", "GB", "CH", "BR"} <= with_form
    assert not with_form & {"US", "AU", "KR", "IN", "CA"}
    for name in ("EU/EEA", "the UK", "Switzerland", "Brazil"):
        assert name in tell.text


def test_pages_and_non_users_are_told_what_the_record_says() -> None:
    facebook = evaluate(item(), PersonContext("DE"), AS_OF).actions[0]
    others = evaluate(item(author="other"), PersonContext("DE"), AS_OF).actions[1]

    assert "Page cannot object" in facebook.text
    assert "non-user objection form in Meta's Privacy Center (EU, Brazil)" in others.text


def test_an_action_condition_naming_an_unknown_value_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("i18n"))
    library = data / "meta.rules.toml"
    text = library.read_text(encoding="utf-8")
    library.write_text(
        text.replace('platforms = ["facebook"], authors', 'platforms = ["myspace"], authors', 1),
        encoding="utf-8",
    )

    with pytest.raises(
        PolicyDataError, match=r'actions\."object\.facebook"\.when\.platforms.*myspace'
    ):
        read_catalog(data)
