from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

TEXT_SIZE_COOKIE = "linli_text"


class TextSizeMiddleware:
    """Expose the remembered text size to templates as request.text_size."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.text_size = (  # type: ignore[attr-defined]
            "large" if request.COOKIES.get(TEXT_SIZE_COOKIE) == "large" else "normal"
        )
        return self.get_response(request)
