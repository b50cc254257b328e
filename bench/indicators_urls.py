"""The app's URLs plus the two references the dashboard is compared with: the minimal Django JSON
view (`bench/ping`, no session) and the minimal signed-in page (`bench/page`: the session, the user,
the second factor, the navigation and the base template, with an empty body)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from linli.urls import urlpatterns as app_urls


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@login_required
def page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [path("bench/ping", ping), path("bench/page", page), *app_urls]
