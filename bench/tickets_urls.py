"""The app's URLs plus two minimal Django views: a JSON answer (the ceiling the ticket list is
compared with) and one audited write (the floor of any write: one audit event appended to the
chain in its own transaction, what services' order intake is compared with)."""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from linli.audit.chain import record
from linli.urls import urlpatterns as app_urls


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
def audited(request: HttpRequest) -> JsonResponse:
    with transaction.atomic():
        event = record(actor=None, action="bench.write", details={"n": 1})
    return JsonResponse({"seq": event.seq}, status=201)


urlpatterns = [path("bench/ping", ping), path("bench/audited", audited), *app_urls]
