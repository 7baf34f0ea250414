"""The policy engine: which of a person's items Meta's AI training may use, why, and what to do.

Plain Python: no FastAPI, no database. Policies are versioned data files under `data/`.
"""

from api.policy.catalog import PolicyCatalog, load_catalog, read_catalog
from api.policy.engine import evaluate, evaluate_many
from api.policy.errors import PolicyDataError, PolicyNotInForce
from api.policy.facts import ItemFacts, Objection, PersonContext, item_facts
from api.policy.flips import apply_flip
from api.policy.verdict import Action, Condition, Flip, Reason, Verdict
from api.policy.version import PolicyVersion

__all__ = [
    "Action",
    "Condition",
    "Flip",
    "ItemFacts",
    "Objection",
    "PersonContext",
    "PolicyCatalog",
    "PolicyDataError",
    "PolicyNotInForce",
    "PolicyVersion",
    "Reason",
    "Verdict",
    "apply_flip",
    "evaluate",
    "evaluate_many",
    "item_facts",
    "load_catalog",
    "read_catalog",
]
