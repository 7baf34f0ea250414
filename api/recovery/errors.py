"""What recovery and linking say when they refuse: stable codes, rendered as problem+json."""

from api.errors import ProblemError, RateLimited, Unauthorized


class RecoveryCodeInvalid(Unauthorized):
    # The same answer for a code never issued, one already spent and one of a deleted account,
    # so a guesser learns nothing about which accounts exist.
    code = "recovery-code-invalid"
    title = "This recovery code is not valid"


class LinkCodeInvalid(Unauthorized):
    code = "link-code-invalid"
    title = "This link code is not valid"


class LinkCodeExpired(ProblemError):
    status, code, title = 410, "link-code-expired", "This link code has expired"


class LinkCodeUsed(ProblemError):
    status, code, title = 410, "link-code-used", "This link code was already used"


class TooManyAttempts(RateLimited):
    code = "too-many-code-attempts"
    title = "Too many code attempts; wait before trying again"
