"""Countries and the named groups of them, read once from `regions.toml`.

The policy data names a group as "@<name>" in a `regions` list (`["@eea"]`) instead of copying its
countries; `RegionTable.expand` puts them back, in the group's order, and refuses an unknown group,
a code ISO 3166-1 does not assign, and a country named twice.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from api.policy.errors import PolicyDataError
from api.policy.schema import RegionsIn, read
from api.policy.version import DEFAULT_REGION

REGIONS_FILE = Path(__file__).with_name("regions.toml")
GROUP_MARK = "@"


@dataclass(frozen=True, slots=True)
class RegionTable:
    countries: frozenset[str]  # ISO 3166-1 alpha-2, officially assigned
    aliases: Mapping[str, str]  # another code people write -> its ISO code ("UK" -> "GB")
    groups: Mapping[str, tuple[str, ...]]  # by name, as countries

    def canonical(self, code: str) -> str:
        """The code as the table spells it: upper-cased, and an alias (`UK`, `EL`) as its ISO code.
        Whether it is assigned is the caller's question."""
        written = code.strip().upper()
        return self.aliases.get(written, written)

    def expand(self, file: str, field: str, entries: Iterable[str]) -> tuple[str, ...]:
        """`entries` with each "@<group>" replaced by its countries; "*" is kept as it is.

        Raises PolicyDataError naming `file` and `field` for an unknown group or code, or a
        country named twice (directly or through a group).
        """
        codes: list[str] = []
        for entry in entries:
            if entry.startswith(GROUP_MARK):
                codes.extend(self.group(file, field, entry.removeprefix(GROUP_MARK)))
            elif entry == DEFAULT_REGION or entry in self.countries:
                codes.append(entry)
            else:
                raise PolicyDataError(file, field, _not_a_country(entry, self.aliases))
        if twice := sorted({code for code in codes if codes.count(code) > 1}):
            named = ", ".join(twice)
            raise PolicyDataError(file, field, f"names {named} twice (directly or via a group)")
        return tuple(codes)

    def group(self, file: str, field: str, name: str) -> tuple[str, ...]:
        if name not in self.groups:
            raise PolicyDataError(file, field, _unknown_group(name, self.groups))
        return self.groups[name]


def _unknown_group(name: str, known: Iterable[str]) -> str:
    listed = ", ".join(GROUP_MARK + group for group in sorted(known))
    return f'unknown region group "{GROUP_MARK}{name}" (known: {listed})'


def _not_a_country(code: str, aliases: Mapping[str, str]) -> str:
    hint = f'; write "{aliases[code]}"' if code in aliases else ""
    return f'"{code}" is not an assigned ISO 3166-1 alpha-2 code{hint}'


def read_regions(path: Path) -> RegionTable:
    """Read and check `regions.toml`. A group may name other groups, but not in a circle."""
    spec = read(path, RegionsIn)
    countries = frozenset(spec.countries)
    for alias, code in spec.aliases.items():
        if alias in countries or code not in countries:
            problem = f"{alias} = {code}: an alias must be unassigned and stand for a country"
            raise PolicyDataError(path.name, f"aliases.{alias}", problem)
    groups: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, outer: tuple[str, ...]) -> tuple[str, ...]:
        field = f"groups.{name}"
        if name in outer:
            circle = " -> ".join(GROUP_MARK + group for group in (*outer, name))
            raise PolicyDataError(path.name, f"groups.{outer[0]}", f"names itself: {circle}")
        if name not in groups:
            members: list[str] = []
            for member in spec.groups[name]:
                inner = member.removeprefix(GROUP_MARK)
                if inner == member:
                    members.append(member)
                elif inner in spec.groups:
                    members.extend(resolve(inner, (*outer, name)))
                else:
                    raise PolicyDataError(path.name, field, _unknown_group(inner, spec.groups))
            groups[name] = RegionTable(countries, spec.aliases, {}).expand(
                path.name, field, members
            )
        return groups[name]

    return RegionTable(countries, spec.aliases, {name: resolve(name, ()) for name in spec.groups})


@cache
def load_regions(path: Path = REGIONS_FILE) -> RegionTable:
    """The shipped table (or the one at `path`), read once."""
    return read_regions(path)
