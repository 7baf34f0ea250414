"""A person's region: an ISO 3166-1 alpha-2 country code, checked against the countries, aliases
and groups the policy data defines once (`api/policy/regions.toml`)."""

from api.policy.regions import load_regions


def normalise_region(value: str) -> str:
    """Upper-case a country code and check it is assigned; an alias (`UK`, `EL`) gives its code."""
    table = load_regions()
    code = table.canonical(value)
    if code not in table.countries:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def in_group(region: str, group: str) -> bool:
    """Whether a country is in a named group of `regions.toml`: `in_group("NO", "eea")`."""
    return region in load_regions().groups[group]
