from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from linli.accounts import policy
from linli.web.home import home_context
from linli.web.middleware import TEXT_SIZE_COOKIE


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = policy.primary_role(request.user)
    template = f"web/home_{role}.html" if role else "web/home_none.html"
    return render(request, template, home_context(request.user, role, timezone.now()))


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Large text for elderly users; remembered in a cookie, so it sticks across visits."""
    size = "large" if request.POST.get("size") == "large" else "normal"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        TEXT_SIZE_COOKIE,
        size,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=not settings.DEBUG and request.is_secure(),
    )
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
