from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from linli.audit.context import client_ip, request_method


def request_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy REMOTE_ADDR is the proxy; trust only its X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_ip(request))
        method = request_method.set(request.method)
        try:
            return self.get_response(request)
        finally:
            request_method.reset(method)
            client_ip.reset(token)
