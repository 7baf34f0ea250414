"""The objection features' domain errors, each with a stable code."""

from api.errors import Conflict, NotFound, ProblemError


class RegionUnknown(Conflict):
    code = "region-unknown"
    title = "Your region is not set"


class NoObjectionRight(Conflict):
    code = "no-objection-right"
    title = "Meta offers no objection to AI training in your region"


class NoLinkedAccount(NotFound):
    code = "no-linked-account"
    title = "No such linked account"


class AmbiguousAccount(Conflict):
    code = "objection-account-ambiguous"
    title = "Several linked accounts match: name the profile"


class InvalidObjectionStep(ProblemError):
    status, code, title = 422, "objection-step-invalid", "This objection step is not valid"


class CorrectionRefused(Conflict):
    code = "objection-correction"
    title = "A correction returns the objection to the state before its last step"
