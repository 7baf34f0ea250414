"""Hypothesis strategies for valid items, people and dates, shared by the engine's property
tests and the explain tests built on them."""

from datetime import date, timedelta

from hypothesis import strategies as st

from api.platforms import EXPLAINABLE_PLATFORMS
from api.policy import ItemFacts, Objection, PersonContext
from api.policy.catalog import EARLIEST
from api.policy.facts import AUDIENCES, AUTHOR_AGES, AUTHORS, KINDS, SCOPE_CATEGORIES

REGIONS = ["DE", "FR", "IE", "NO", "LI", "GB", "CH", "BR", "US", "AU", "KR", "JP", None]

facts_st = st.builds(
    ItemFacts,
    platform=st.sampled_from(EXPLAINABLE_PLATFORMS),
    kind=st.sampled_from(KINDS),
    audience=st.sampled_from(AUDIENCES),
    created_at=st.none() | st.dates(date(2004, 2, 4), date(2027, 12, 31)),
    author=st.sampled_from(AUTHORS),
    author_age=st.sampled_from(AUTHOR_AGES),
    # Posted as a minor: with any age now (an adult now is the case that adds a rule).
    author_age_at_posting=st.sampled_from([None, "minor"]),
)
scope_st = st.just("all") | st.lists(
    st.sampled_from(SCOPE_CATEGORIES), min_size=1, unique=True
).map(tuple)
filed_st = st.shared(st.dates(date(2023, 8, 30), date(2027, 12, 31)), key="filed_on")
# Standing, or withdrawn on its filing day or up to two years later.
withdrawn_st = st.none() | st.tuples(filed_st, st.integers(0, 730)).map(
    lambda pair: pair[0] + timedelta(days=pair[1])
)
objection_st = st.none() | st.builds(
    Objection, filed_on=filed_st, scope=scope_st, withdrawn_on=withdrawn_st
)
context_st = st.builds(PersonContext, region=st.sampled_from(REGIONS), objection=objection_st)
# From Facebook's launch: days before Meta AI's are answered where the record speaks of them.
as_of_st = st.dates(EARLIEST, date(2027, 12, 31))
