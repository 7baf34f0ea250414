"""What an OpenID Connect sign-in can answer instead of success, each with a stable code."""

from api.errors import Conflict, Forbidden, NotFound, ProblemError


class UnknownProvider(NotFound):
    code, title = "oidc-unknown-provider", "No OpenID Connect provider has this name"


class RedirectUriNotAllowed(ProblemError):
    status, code = 400, "oidc-redirect-uri-not-allowed"
    title = "This redirect URI is not on the service's list"


class FlowInvalid(ProblemError):
    status, code = 400, "oidc-state-invalid"
    title = "This sign-in attempt is unknown, expired or already used; start again"


class CodeRejected(ProblemError):
    status, code = 400, "oidc-code-rejected"
    title = "The provider refused the authorisation code; start again"


class WrongAccount(Forbidden):
    code = "oidc-link-other-account"
    title = "This link was started by another sign-in"


class IdentityTaken(Conflict):
    code = "oidc-identity-taken"
    title = "This identity is already linked to another account"
    keeps_changes = True  # the attempt is used up; nothing else was written


class IdentityNotLinked(NotFound):
    code = "oidc-identity-not-linked"
    title = "No account is linked to this identity: sign in another way and link it first"
    keeps_changes = True  # the attempt is used up; nothing else was written


class IdentityNotFound(NotFound):
    code = "oidc-identity-not-found"
    title = "You have no linked identity with this id"


class ProviderError(ProblemError):
    status, code = 502, "oidc-provider-error"
    title = "The OpenID Connect provider answered with something unusable"


class ProviderUnavailable(ProblemError):
    status, code = 503, "oidc-provider-unavailable"
    title = "The OpenID Connect provider cannot be reached; try again later"
