"""A flip as a sentence a person understands: what would change, and what Meta's training
would then do with the item from now on ("If this were visible to friends only, Meta's training
would no longer use it from now on")."""

from api.languages import Language
from api.policy.sentences import sentence, template
from api.policy.verdict import Flip, VerdictValue


def flip_text(flip: Flip, current: VerdictValue, lang: Language) -> str:
    """`current` is the verdict the flip changes: "no longer" needs to know what it was."""
    return sentence(
        "flip",
        lang,
        condition=template(f"flip.if.{flip.fact}.{flip.to}", lang),
        outcome=template(f"flip.then.{current}.{flip.verdict}", lang),
    )
