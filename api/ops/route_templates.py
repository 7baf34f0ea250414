"""The documented template of the route that answered (`/v1/receipts/{receipt_id}`): what logs
and metrics name a request by, so no id, handle or query value ever reaches them."""

from fastapi.routing import iter_route_contexts
from starlette.types import Scope

UNMATCHED = "unmatched"


class RouteTemplates:
    """Built once from the app's routes (fixed once it serves); looked up per request."""

    def __init__(self) -> None:
        self._by_route: dict[int, str] | None = None

    def of(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return UNMATCHED
        if self._by_route is None:
            # Included routes keep their own relative path; the context has the full one.
            self._by_route = {
                id(context.original_route): context.path_format
                for context in iter_route_contexts(scope["app"].routes)
                if context.path_format
            }
        return self._by_route.get(id(route), str(getattr(route, "path", UNMATCHED)))
