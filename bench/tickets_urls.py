"""The app's URLs plus a minimal Django JSON view: the ceiling the ticket list is compared with."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from linli.urls import urlpatterns as app_urls


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ping", ping), *app_urls]
