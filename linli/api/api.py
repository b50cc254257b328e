"""The linli API: each app's router under /api/v1/, one error shape for every failure."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from linli.accounts.api import people_router
from linli.accounts.api import router as accounts_router
from linli.api.auth import AUTH
from linli.areas.api import router as areas_router
from linli.audit.api import router as audit_router
from linli.common.errors import DomainError
from linli.disclosure.api import router as disclosure_router
from linli.finance.api import router as finance_router
from linli.governance.api import router as governance_router
from linli.registry.api import router as registry_router
from linli.tickets.api import router as tickets_router

api = NinjaAPI(
    title="linli API",
    version="1",
    description="linli (邻里): community governance and service network. Errors: {code, message, fields}.",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/me", accounts_router)
api.add_router("/people", people_router)
api.add_router("/areas", areas_router)
api.add_router("/audit", audit_router)
api.add_router("/tickets", tickets_router)
api.add_router("/governance", governance_router)
api.add_router("/finance", finance_router)
api.add_router("/disclosure", disclosure_router)
api.add_router("/registry", registry_router)


def error(
    request: HttpRequest, status: int, code: str, message: Any, fields: dict[str, Any] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": str(message), "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = exc.as_dict()
    return error(request, exc.status, body["code"], body["message"], body["fields"])


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return error(request, 422, "invalid", _("Some values are not valid."), fields)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return error(request, 422, "invalid", " ".join(exc.messages), {"__all__": exc.messages})


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "http_error", exc.message)
