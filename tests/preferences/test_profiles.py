"""Profile identifiers: however a person writes their profile, it is stored one way."""

import pytest

from api.platforms import Platform
from api.preferences.profiles import normalise_profile, profile_url


@pytest.mark.parametrize(
    ("platform", "written", "stored"),
    [
        ("facebook", "Jane.Doe", "jane.doe"),
        ("facebook", "@jane.doe", "jane.doe"),
        ("facebook", "https://www.facebook.com/Jane.Doe", "jane.doe"),
        ("facebook", "https://m.facebook.com/jane.doe/?ref=bookmarks", "jane.doe"),
        ("facebook", "https://mbasic.facebook.com/jane.doe", "jane.doe"),
        ("facebook", "https://touch.facebook.com/jane.doe", "jane.doe"),
        ("facebook", "web.facebook.com/jane.doe", "jane.doe"),
        ("facebook", "https://www.facebook.com/profile.php?id=100012345678", "id:100012345678"),
        ("facebook", "https://www.facebook.com/people/Jane-Doe/100012345678/", "id:100012345678"),
        ("facebook", "100012345678", "id:100012345678"),
        ("instagram", "@Jane_Doe", "jane_doe"),
        ("instagram", "https://www.instagram.com/jane_doe/", "jane_doe"),
        ("instagram", "instagram.com/j.doe", "j.doe"),
    ],
)
def test_a_profile_is_normalised_to_one_form(platform: Platform, written: str, stored: str) -> None:
    assert normalise_profile(platform, written) == stored


@pytest.mark.parametrize(
    ("platform", "written"),
    [
        ("facebook", "https://evil.example/jane.doe"),
        ("facebook", "https://www.facebook.com/groups/123456"),
        ("facebook", "https://www.facebook.com/jane.doe/posts/123"),
        ("facebook", "https://www.facebook.com/profile.php?id=abc"),
        ("facebook", "javascript:alert(1)"),
        ("facebook", "jd"),
        ("facebook", "jane doe"),
        ("instagram", "https://www.instagram.com/p/Cabc123/"),
        ("instagram", "https://www.facebook.com/jane.doe"),
        ("instagram", "a" * 31),
        ("instagram", ""),
        ("instagram", "ftp://instagram.com/jane"),
    ],
)
def test_what_is_not_a_profile_is_refused(platform: Platform, written: str) -> None:
    with pytest.raises(ValueError):
        normalise_profile(platform, written)


def test_a_normalised_profile_has_a_public_address() -> None:
    assert profile_url("facebook", "id:100012345678") == (
        "https://www.facebook.com/profile.php?id=100012345678"
    )
    assert profile_url("instagram", "jane_doe") == "https://www.instagram.com/jane_doe/"
