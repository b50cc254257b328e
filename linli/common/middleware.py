"""Refuse NUL characters before any view sees them.

PostgreSQL cannot store NUL (0x00) in text, and no form or API field has a use for one; a request
that carries one in its path, query string, form fields or JSON body gets a 400 at the door
(in the API's error shape under /api/), instead of a database error deep inside an action.
Uploaded files are binary and are not inspected.
"""

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def request_has_nul(request: HttpRequest) -> bool:
    if b"\x00" in unquote_to_bytes(request.META.get("PATH_INFO", "")) or "\x00" in request.path:
        return True
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " ")):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body
        # Only a body that spells a NUL (raw, or escaped as \u0000) is parsed a second time.
        if b"\x00" in body:
            return True
        if b"\\u0000" in body:
            try:
                return _contains_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the API answers that itself
        return False
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            fields = list(request.POST.lists())
        except MultiPartParserError:
            return False  # a broken body: the view (or ninja) answers that itself
        return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in fields)
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid_character", "message": str(message), "fields": {}},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
