"""JSON Merge Patch (RFC 7396): a partial document that names only what changes.

An object member replaces the target's member (recursively for objects), `null` removes it,
and anything else (arrays included) replaces it whole.
"""

from typing import Any

MEDIA_TYPE = "application/merge-patch+json"


def apply_merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = apply_merge_patch(result.get(name), value)
    return result
