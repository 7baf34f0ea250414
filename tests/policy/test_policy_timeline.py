"""Meta's AI training, region by region and date by date (fact sheet §2 and §4).

One public Facebook post by an adult, posted in 2019, judged on each side of every date on which a
region's rules changed. `used` is `may_already_be_used`: could training before that day have used it?
"""

# ruff: noqa: E501  (the case tables read best one case per line)

from dataclasses import dataclass
from datetime import date

import pytest

from api.policy import ItemFacts, PersonContext, PolicyNotInForce, evaluate, load_catalog

POST_2019 = ItemFacts("facebook", "post", "public", date(2019, 6, 1), "self", "adult")


@dataclass(frozen=True)
class Case:
    id: str
    cites: str  # fact-sheet section [source numbers]
    region: str | None
    as_of: date
    verdict: str
    used: bool | None
    reason: str  # code of the decisive (first) reason
    policy: str


CASES = [
    # EU/EEA: notices in May 2024, paused 14 Jun 2024 before the announced 26 Jun start, ran from 27 May 2025.
    Case("eu-before-notices", "§4 2024-05-22 [1]", "DE", date(2024, 1, 10), "excluded", False, "training.not_started", "meta-eu-2023-09-27"),
    Case("eu-notice-period", "§4 2024-05-22 [1]", "DE", date(2024, 6, 1), "excluded", False, "training.not_started", "meta-eu-2024-05-22"),
    Case("eu-day-before-pause", "§4 2024-05-22 [1]", "IE", date(2024, 6, 13), "excluded", False, "training.not_started", "meta-eu-2024-05-22"),
    Case("eu-pause-day", "§4 2024-06-14 [2, 3]", "IE", date(2024, 6, 14), "excluded", False, "training.paused", "meta-eu-2024-06-14"),
    Case("eu-announced-start-never-came", "§4 2024-06-14 [1, 3]", "DE", date(2024, 6, 26), "excluded", False, "training.paused", "meta-eu-2024-06-14"),
    Case("eu-paused-2025-01-01", "§4 [3]", "FR", date(2025, 1, 1), "excluded", False, "training.paused", "meta-eu-2024-06-14"),
    Case("eu-day-before-start", "§4 2025-05-27 [16]", "FR", date(2025, 5, 26), "excluded", False, "training.paused", "meta-eu-2024-06-14"),
    Case("eu-start-day", "§4 2025-05-27 [16]", "FR", date(2025, 5, 27), "included", False, "audience.public", "meta-eu-2025-05-27"),
    Case("eu-day-after-start", "§4 2025-05-27 [16]; §3.2 [19]", "FR", date(2025, 5, 28), "included", True, "audience.public", "meta-eu-2025-05-27"),
    Case("eea-norway", "§2 EU/EEA [12]", "NO", date(2025, 7, 1), "included", True, "audience.public", "meta-eu-2025-05-27"),
    Case("eea-iceland-paused", "§4 [3]", "IS", date(2024, 12, 1), "excluded", False, "training.paused", "meta-eu-2024-06-14"),
    # UK: paused with the EU, resumed 13 Sep 2024.
    Case("uk-notice-period", "§4 2024-05-22 [1]", "GB", date(2024, 6, 13), "excluded", False, "training.not_started", "meta-gb-2024-05-22"),
    Case("uk-paused", "§4 2024-06-14 [2]", "GB", date(2024, 6, 14), "excluded", False, "training.paused", "meta-gb-2024-06-14"),
    Case("uk-day-before-start", "§4 2024-09-13 [9]", "GB", date(2024, 9, 12), "excluded", False, "training.paused", "meta-gb-2024-06-14"),
    Case("uk-start-day", "§4 2024-09-13 [9, 10]", "GB", date(2024, 9, 13), "included", False, "audience.public", "meta-gb-2024-09-13"),
    Case("uk-day-after-start", "§4 2024-09-13 [9, 10]", "GB", date(2024, 9, 14), "included", None, "audience.public", "meta-gb-2024-09-13"),
    # Switzerland: paused 21 Jun 2024 (FDPIC), included with the EU from 27 May 2025 (press).
    Case("ch-before-statement", "§4 2024-06-21 [5]", "CH", date(2024, 6, 20), "excluded", False, "training.not_started", "meta-ch-2024-05-22"),
    Case("ch-paused", "§4 2024-06-21 [5]", "CH", date(2024, 6, 21), "excluded", False, "training.paused", "meta-ch-2024-06-21"),
    Case("ch-day-before-start", "§2 Switzerland [22]", "CH", date(2025, 5, 26), "excluded", False, "training.paused", "meta-ch-2024-06-21"),
    Case("ch-day-after-start", "§2 Switzerland [22]", "CH", date(2025, 5, 28), "included", True, "audience.public", "meta-ch-2025-05-27"),
    # Brazil: policy 26 Jun 2024, suspended 2 Jul, lifted 30 Aug, notices 3 Sep + 30 days.
    Case("br-before-policy", "§4 2024-06-26 [6]", "BR", date(2024, 6, 25), "excluded", False, "training.not_started", "meta-br-2023-09-27"),
    Case("br-policy-day", "§4 2024-06-26 [6]", "BR", date(2024, 6, 26), "included", False, "audience.public", "meta-br-2024-06-26"),
    Case("br-day-before-suspension", "§4 2024-06-26 [6]", "BR", date(2024, 7, 1), "included", None, "audience.public", "meta-br-2024-06-26"),
    Case("br-suspended", "§4 2024-07-02 [6]", "BR", date(2024, 7, 2), "excluded", None, "training.paused", "meta-br-2024-07-02"),
    Case("br-day-before-lifted", "§4 2024-07-02 [6]", "BR", date(2024, 8, 29), "excluded", None, "training.paused", "meta-br-2024-07-02"),
    Case("br-lifted-notice-period", "§4 2024-08-30 [7]", "BR", date(2024, 8, 30), "excluded", None, "training.not_started", "meta-br-2024-08-30"),
    Case("br-notices-plus-29-days", "§2 Brazil [7] (start inferred)", "BR", date(2024, 10, 2), "excluded", None, "training.not_started", "meta-br-2024-08-30"),
    Case("br-notices-plus-30-days", "record §2a BR 10-03 (O/OC)", "BR", date(2024, 10, 3), "excluded", None, "training.not_started", "meta-br-2024-08-30"),
    Case("br-policies-take-effect", "record §1 Brazil (Canaltech)", "BR", date(2024, 10, 9), "included", None, "audience.public", "meta-br-2024-10-03"),
    Case("br-day-after-policies-take-effect", "record §1 Brazil (Canaltech)", "BR", date(2024, 10, 10), "included", True, "audience.public", "meta-br-2024-10-03"),
    # US and the rest of the world: since Meta AI's launch on 27 Sep 2023, no opt-out, back to 2007.
    Case("us-launch-day", "§4 2023-09-27 [26]", "US", date(2023, 9, 27), "included", True, "audience.public", "meta-world-2023-09-27"),
    Case("us-after-launch", "§4 2023-09-27 [26]; §3.2 [8]", "US", date(2024, 1, 1), "included", True, "audience.public", "meta-world-2023-09-27"),
    Case("korea-as-us", "§2 South Korea [I]", "KR", date(2025, 7, 1), "included", True, "audience.public", "meta-kr-2023-09-27"),
    Case("australia", "§2 US and rest of world [8]", "AU", date(2025, 7, 1), "included", True, "audience.public", "meta-au-2023-09-27"),
    # Region unknown: the verdict stands only where every region agrees.
    Case("unknown-region-regions-disagree", "§2 [8]", None, date(2025, 1, 1), "uncertain", None, "region.unknown", "meta-region-unknown-2024-10-09"),
    Case("unknown-region-all-running", "§2 [8, 9, 16, 22]", None, date(2025, 7, 1), "included", None, "audience.public", "meta-region-unknown-2025-05-27"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_public_post_by_region_and_date(case: Case) -> None:
    result = evaluate(POST_2019, PersonContext(region=case.region), case.as_of)

    assert result.verdict == case.verdict
    assert result.may_already_be_used is case.used
    assert result.reasons[0].code == case.reason
    assert result.policy_id == case.policy


def test_us_post_from_2007_is_in_scope() -> None:
    """§3.2 [8]: posts back to 2007 are used."""
    old = ItemFacts("facebook", "photo", "public", date(2007, 3, 1), "self", "adult")
    result = evaluate(old, PersonContext(region="US"), date(2025, 1, 1))
    assert (result.verdict, result.may_already_be_used) == ("included", True)


def test_brazil_post_made_during_the_suspension_was_not_used_yet() -> None:
    """§4 [6, 7]: nothing ran between 2 Jul 2024 and the start on 9 Oct 2024 (record §1)."""
    during = ItemFacts("instagram", "photo", "public", date(2024, 7, 5), "self", "adult")
    result = evaluate(during, PersonContext(region="BR"), date(2024, 9, 1))
    assert result.may_already_be_used is False


def test_uk_is_accepted_for_gb() -> None:
    assert PersonContext(region="uk").region == "GB"
    assert PersonContext(region="EL").region == "GR"
    result = evaluate(POST_2019, PersonContext(region="UK"), date(2025, 1, 1))
    assert result.policy_id == "meta-gb-2024-09-13"


def test_before_the_catalogue_starts_the_first_versions_answer_back_to_facebooks_launch() -> None:
    """The catalogue starts at Meta AI's launch, 27 Sep 2023 [26]; before it, a region's first
    version still answers where it speaks of the time before (record §2a: training came before the
    launch; nothing ran in Europe before the notices). Before Facebook existed, nothing does."""
    result = evaluate(POST_2019, PersonContext(region="US"), date(2023, 9, 26))
    assert result.policy_id == "meta-world-2023-09-27"
    with pytest.raises(PolicyNotInForce, match="2023-09-27"):
        evaluate(POST_2019, PersonContext(region="US"), date(2004, 2, 3))
    with pytest.raises(PolicyNotInForce):
        load_catalog().in_force("US", date(2023, 9, 26))  # the catalogue's own view is strict


def test_region_unknown_version_combines_every_region_in_force() -> None:
    version = load_catalog().in_force(None, date(2025, 7, 1))
    regions = {region for part in version.components for region in part.regions}
    assert {"*", "AU", "BR", "CH", "DE", "GB"} <= regions
    assert version.regions == ()
