from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import path

from linli.api.api import api


def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        api.get_openapi_schema(path_prefix="/api/v1"), json_dumps_params={"ensure_ascii": False}
    )


urlpatterns = [
    path("api/openapi.json", openapi, name="openapi"),
    path("api/docs", lambda request: redirect("/api/v1/docs"), name="api_docs"),
    path("api/v1/", api.urls),
]
