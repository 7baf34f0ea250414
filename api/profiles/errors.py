"""How proving a profile says no."""

from api.errors import Conflict, NotFound, ProblemError


class ProfileNotListed(NotFound):
    code = "profile-not-listed"
    title = "This profile is not in your preferences"


class ProofNotFound(NotFound):
    code = "proof-not-found"
    title = "You have not asked for a code for this profile"


class ProvedByAnother(Conflict):
    code = "profile-proved-by-another-account"
    title = "Another account has proved this profile"


class AlreadyProved(Conflict):
    code = "profile-already-proved"
    title = "You have already proved this profile"


class CodeExpired(ProblemError):
    status, code, title = 410, "proof-code-expired", "This code has expired"


class CodeNotOnPage(ProblemError):
    status, code, title = 422, "proof-code-not-on-page", "The code is not on the profile's page"


class CannotProve(ProblemError):
    status, code, title = 422, "profile-cannot-be-proved", "This profile cannot be proved"


class PageUnavailable(ProblemError):
    status, code, title = 502, "profile-page-unavailable", "The profile's page could not be read"
