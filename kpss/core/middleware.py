"""Czech first: the interface is Czech unless the visitor chose another language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class CzechFirstLocaleMiddleware:
    """Like Django's LocaleMiddleware, but pages ignore the browser's Accept-Language.

    Many people in Czech offices run browsers set to English; the product speaks Czech to
    them until they press "EN", which stores the choice in the language cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen not in self.supported and request.path.startswith("/api/"):
            # API clients state their language in the header, as HTTP intends.
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(
            v for v in (response.headers.get("Vary"), "Cookie") if v
        )
        translation.deactivate()
        return response
