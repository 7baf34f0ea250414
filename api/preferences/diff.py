"""What one change did to a person's preferences, field by field, for their history and receipt.

Accounts are matched by (platform, profile): an account added or removed is one entry, and so
is each of its objection's fields that moved. Order alone is no change.
"""

from typing import Any

from api.preferences.schemas import OBJECTION_FIELDS, LinkedAccountOut, PreferencesOut

Change = dict[str, Any]  # {"field": "...", "from": ..., "to": ...}


def changes(before: PreferencesOut, after: PreferencesOut) -> list[Change]:
    found: list[Change] = []
    for field in ("region", "scope", "listed"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            found.append({"field": field, "from": old, "to": new})
    old_accounts, new_accounts = _by_key(before.accounts), _by_key(after.accounts)
    for key in sorted(old_accounts.keys() | new_accounts.keys()):
        name = f"accounts[{key}]"
        old_account, new_account = old_accounts.get(key), new_accounts.get(key)
        if old_account is None or new_account is None:
            found.append({"field": name, "from": _state(old_account), "to": _state(new_account)})
            continue
        for part in OBJECTION_FIELDS:
            old, new = _json(old_account, part), _json(new_account, part)
            if old != new:
                found.append({"field": f"{name}.objection.{part}", "from": old, "to": new})
        if old_account.accounts_center != new_account.accounts_center:
            found.append(
                {
                    "field": f"{name}.accounts_center",
                    "from": old_account.accounts_center,
                    "to": new_account.accounts_center,
                }
            )
    return found


def account_key(platform: str, profile: str | None) -> str:
    """How the history names a linked account: `platform:profile` (empty without a profile)."""
    return f"{platform}:{profile or ''}"


def _by_key(accounts: list[LinkedAccountOut]) -> dict[str, LinkedAccountOut]:
    return {account_key(a.platform, a.profile): a for a in accounts}


def _state(account: LinkedAccountOut | None) -> str | None:
    """An account's presence, as its objection's state (None: not covered)."""
    return None if account is None else account.objection.state


def _json(account: LinkedAccountOut, part: str) -> Any:
    value = getattr(account.objection, part)
    return value.isoformat() if hasattr(value, "isoformat") else value
