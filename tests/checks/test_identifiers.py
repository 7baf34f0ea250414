"""The batch normaliser gives exactly `normalise_profile`'s answer for every identifier."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from api.checks.identifiers import lookup_key, lookup_keys, profile_of
from api.platforms import Platform
from api.preferences.profiles import normalise_profile

# Characters that matter to the rules, plus a few that must be refused.
_ALPHABET = string.ascii_letters + string.digits + "._@/:?=- \n\tİKé"
_PIECES = st.sampled_from(
    [
        "https://www.facebook.com/",
        "https://instagram.com/",
        "profile.php?id=",
        "groups",
        "reels",
        "p",
        "100004123456789",
        "jane.doe",
        "..",
        "@",
    ]
)
identifiers = st.lists(
    st.one_of(st.text(_ALPHABET, max_size=60), _PIECES, st.lists(_PIECES, max_size=3).map("".join)),
    max_size=40,
)


def _reference(platform: Platform, value: str) -> str | None:
    try:
        return lookup_key(normalise_profile(platform, value))
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(values=identifiers, platform=st.sampled_from(["facebook", "instagram"]))
def test_batch_keys_equal_normalise_profile_one_by_one(
    values: list[str], platform: Platform
) -> None:
    assert lookup_keys(platform, values) == [_reference(platform, value) for value in values]


def test_numeric_ids_and_handles_share_one_key_space_without_collisions() -> None:
    assert profile_of(lookup_key("id:100004123456789")) == "id:100004123456789"
    assert profile_of(lookup_key("1234")) == "1234"  # a short Instagram handle of digits
    assert profile_of(lookup_key("1" * 21)) == "1" * 21  # a long Facebook handle of digits
