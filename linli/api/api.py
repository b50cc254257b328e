"""The linli API: each app's router under /api/v1/, one error shape for every failure."""

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from linli.accounts.api import people_router
from linli.accounts.api import router as accounts_router
from linli.api.auth import AUTH
from linli.api.messages import pydantic_message
from linli.areas.api import router as areas_router
from linli.audit.api import router as audit_router
from linli.common.errors import DomainError
from linli.common.schemas import ErrorOut
from linli.disclosure.api import router as disclosure_router
from linli.facilities.api import router as facilities_router
from linli.finance.api import router as finance_router
from linli.governance.api import router as governance_router
from linli.indicators.api import router as indicators_router
from linli.operations.api import routers as operations_routers
from linli.organizations.api import router as organizations_router
from linli.publicservices.api import router as publicservices_router
from linli.registry.api import router as registry_router
from linli.services.api import router as services_router
from linli.tickets.api import router as tickets_router
from linli.volunteers.api import router as volunteers_router
from linli.volunteers.org_api import router as volunteers_org_router

log = logging.getLogger(__name__)

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
ERROR_STATUSES = {
    400: "Bad input (a character no field accepts, a body that is not JSON, a refused value)",
    401: "Not signed in, or the API token is not valid",
    403: "Signed in, but this role may not do this",
    404: "Not found, or outside the areas this user may see (never told apart)",
    409: "Refused in the current state (already done, closed, a rule of the domain)",
    422: "A value does not match the schema; `fields` names each one",
}


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The 4xx answers an operation can give, from what it takes and who may call it."""
    found = [400, 404]
    if operation.get("security"):
        found += [401, 403]
    if method != "get":
        found.append(409)
    if operation.get("parameters") or operation.get("requestBody"):
        found.append(422)
    return sorted(found)


class LinliAPI(NinjaAPI):
    """Ninja, with every operation's error answers in the document: one shape, `ErrorOut`."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                for status in error_statuses(method, operation):
                    responses.setdefault(
                        status,
                        {
                            "description": ERROR_STATUSES[status],
                            "content": {"application/json": {"schema": ERROR_REF}},
                        },
                    )
        return schema


api = LinliAPI(
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
api.add_router("/services", services_router)
api.add_router("/organizations", organizations_router)
api.add_router("/indicators", indicators_router)
api.add_router("/volunteers", volunteers_router)
# An organization's activity as a volunteer activity: its own module, on the same prefix.
api.add_router("/volunteers", volunteers_org_router)
for _prefix, _router in operations_routers:
    api.add_router("/operations" + _prefix, _router)
api.add_router("/publicservices", publicservices_router)
api.add_router("/facilities", facilities_router)


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
        fields.setdefault(".".join(loc) or "__all__", []).append(pydantic_message(err))
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


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def on_value_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Safety net: a value that passed its schema but not the database or the calendar.

    The schemas bound every input like its column, so reaching this is a bug to fix at its
    cause; it is logged as an error (with the traceback) and the client gets a 400, not a 500.
    """
    log.error("api: value out of range reached %s %s", request.method, request.path, exc_info=exc)
    return error(request, 400, "out_of_range", _("A value is outside what can be stored."))
