"""The rows of the 2026-12 audit (shared/policy/record-2026-12.md §2) that the engine got wrong,
outdated, over- or under-confident or missed, each as the record now has it: the verdict, the
past use, and the reason that decides it with the kind and region of the source it cites."""

# ruff: noqa: E501  (the case table reads best one case per line)

from dataclasses import dataclass
from datetime import date

import pytest

from api.policy import ItemFacts, Objection, PersonContext, Verdict, evaluate
from api.policy.sources import load_sources

POST = ItemFacts("facebook", "post", "public", date(2019, 6, 1), "self", "adult")


def item(**changes: object) -> ItemFacts:
    fields = {
        "platform": "facebook",
        "kind": "post",
        "audience": "public",
        "created_at": date(2019, 6, 1),
        "author": "self",
        "author_age": "adult",
    }
    return ItemFacts(**(fields | changes))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Row:
    id: str
    audit: str  # the audit's row and mark
    facts: ItemFacts
    region: str
    as_of: date
    verdict: str
    used: bool | None
    code: str  # the reason that carries the corrected fact
    kind: str  # of its source
    about: str  # a region its source speaks about ("global" for Meta's practice everywhere)
    objection: Objection | None = None


ROWS = [
    Row("eu-objection-on-start-day", "§2a EU objection filed on 2025-05-27 (W/OC)", POST, "DE", date(2025, 7, 1), "excluded", True, "history.may_be_used", "regulator", "DE", Objection(date(2025, 5, 27))),
    Row("eu-objection-by-deadline", "§1 EU 'Objection timing': by 26 May", POST, "DE", date(2025, 7, 1), "excluded", False, "objection.filed", "regulator", "DE", Objection(date(2025, 5, 26))),
    Row("eu-item-made-after-late-objection", "§1 EU: covers content from the objection on", item(created_at=date(2025, 6, 12)), "DE", date(2025, 7, 1), "excluded", False, "objection.filed", "regulator", "DE", Objection(date(2025, 6, 10))),
    Row("eu-outermost-reunion", "§2a EU outermost regions (W/M)", POST, "RE", date(2025, 7, 1), "included", True, "training.running", "regulator", "RE"),
    Row("eu-aland-can-object", "§2a Åland (W/M)", POST, "AX", date(2025, 7, 1), "excluded", False, "objection.filed", "regulator", "AX", Objection(date(2025, 5, 1))),
    Row("uk-start-unpublished", "§2a UK 2024-09-13→ (W/OC)", POST, "GB", date(2025, 7, 1), "included", None, "training.running", "meta", "GB"),
    Row("ch-2024-notice-period-objection", "§2a CH 2023-09-27→2024-06-21 (W)", POST, "CH", date(2024, 6, 1), "excluded", False, "training.not_started", "secondary", "CH", Objection(date(2024, 5, 30))),
    Row("ch-2025-basis-edoeb", "§2a CH 2025-05-27→ (O)", POST, "CH", date(2025, 7, 1), "included", True, "training.running", "press", "CH"),
    Row("ch-2024-objection-disputed", "§2a CH 2024 objections (OC)", POST, "CH", date(2025, 7, 1), "uncertain", None, "objection.prior_round_disputed", "secondary", "CH", Objection(date(2024, 6, 1))),
    Row("br-june-july-2024-unconfirmed", "§2a BR 2024-06-26→07-02 (OC)", POST, "BR", date(2024, 9, 1), "excluded", None, "training.not_started", "press", "BR"),
    Row("br-3-to-8-october-not-started", "§2a BR 2024-10-03→ (O/OC)", POST, "BR", date(2024, 10, 5), "excluded", None, "training.not_started", "press", "BR"),
    Row("br-start-9-october", "§1 Brazil (Canaltech)", POST, "BR", date(2024, 10, 9), "included", None, "training.running", "press", "BR"),
    Row("world-trained-before-launch", "§2a world as_of 2023-09-27 (UC)", POST, "US", date(2023, 9, 27), "included", True, "training.running", "press", "US"),
    Row("korea-complaint", "§2a KR (M context)", POST, "KR", date(2025, 7, 1), "included", True, "training.running", "press", "KR"),
    Row("ai-chat-ads-us", "§2b AI chats for ads (M)", item(kind="ai_chat", audience="unknown"), "US", date(2026, 1, 10), "included", True, "ai_chat.ads", "press", "global"),
    Row("threads-objection", "§2b Threads with an objection (OC)", item(platform="threads"), "DE", date(2025, 7, 1), "uncertain", None, "objection.threads_unclear", "secondary", "DE", Objection(date(2025, 5, 20))),
    Row("profile-info-us", "§2b profile info, world (~OC)", item(kind="profile_info", audience="unknown"), "US", date(2025, 7, 1), "uncertain", None, "kind.always_public_unclear", "regulator", "LI"),
    Row("profile-info-eu", "§2b profile info, EU (C)", item(kind="profile_info", audience="unknown"), "DE", date(2025, 7, 1), "included", True, "kind.always_public", "regulator", "DE"),
    Row("whatsapp-ai-chat", "§2b WhatsApp Meta AI chats (M)", item(platform="whatsapp", kind="ai_chat", audience="unknown"), "FR", date(2025, 7, 1), "uncertain", None, "platform.whatsapp_unclear", "secondary", "FR"),
    Row("camera-roll", "§3 camera roll (M)", item(kind="camera_roll", audience="unknown"), "US", date(2025, 12, 1), "excluded", False, "kind.camera_roll", "secondary", "US"),
    Row("monaco-unsettled", "§3 micro-territories", POST, "MC", date(2024, 1, 1), "uncertain", None, "region.unsettled", "legislation", "MC"),
    Row("jersey-where-rules-agree", "§3 micro-territories", POST, "JE", date(2025, 7, 1), "included", None, "audience.public", "meta", "GB"),
]  # fmt: skip


def _reason(result: Verdict, code: str):  # type: ignore[no-untyped-def]
    found = [reason for reason in result.reasons if reason.code == code]
    assert found, f"no {code} in {[r.code for r in result.reasons]}"
    return found[0]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_audit_row(row: Row) -> None:
    result = evaluate(row.facts, PersonContext(row.region, row.objection), row.as_of)

    assert (result.verdict, result.may_already_be_used) == (row.verdict, row.used)
    reason = _reason(result, row.code)
    source = load_sources()[reason.source]
    assert (source.kind, reason.source_kind) == (row.kind, row.kind)
    assert row.about in source.regions


def test_ai_chats_drive_ads_only_outside_the_eu_the_uk_and_korea() -> None:
    chat = item(kind="ai_chat", audience="unknown")
    for region, expected in (
        ("US", True),
        ("AU", True),
        ("BR", True),
        ("DE", False),
        ("GB", False),
        ("KR", False),
    ):
        codes = {r.code for r in evaluate(chat, PersonContext(region), date(2026, 1, 10)).reasons}
        assert ("ai_chat.ads" in codes) is expected, region
    before = evaluate(chat, PersonContext("US"), date(2025, 12, 15))
    assert "ai_chat.ads" not in {r.code for r in before.reasons}
    assert (
        "advertising, not AI training"
        in _reason(evaluate(chat, PersonContext("US"), date(2026, 1, 10)), "ai_chat.ads").text
    )


def test_forms_and_what_they_say() -> None:
    mine = evaluate(POST, PersonContext("DE"), date(2025, 7, 1))
    form = next(a for a in mine.actions if a.code == "object.facebook")
    assert form.url == "https://www.facebook.com/help/contact/6359191084165019"
    assert "Page cannot object" in form.text
    other = evaluate(item(author="other"), PersonContext("DE"), date(2025, 7, 1))
    third = next(a for a in other.actions if a.code == "third_party.form")
    assert third.url == "https://www.facebook.com/help/contact/510058597920541"
    assert "non-user" in third.text
    assert evaluate(item(kind="camera_roll"), PersonContext("DE"), date(2025, 7, 1)).actions == ()


def test_corrections_are_errata_on_the_versions_receipts_cite() -> None:
    from api.policy import load_catalog

    catalog = load_catalog()
    for corrected in (
        "meta-gb-2024-09-13",
        "meta-br-2024-10-03",
        "meta-eu-2025-05-27",
        "meta-world-2023-09-27",
    ):
        version = catalog.get(corrected)
        assert version.errata and version.summary()["revision"] == 1 + len(version.errata)
        assert all(e.source in load_sources() for e in version.errata)
    assert catalog.get("meta-br-2024-10-03").effective_from == date(2024, 10, 9)
    assert catalog.get("meta-world-2025-12-16").errata == ()
