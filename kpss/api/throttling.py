"""Rate limiting of anonymous API clients: a fixed window per client address in the Django
cache. Signed-in users and API token clients (whose owner the middleware made
`request.user`) are not limited here. Over the limit the API answers 429 with a
problem+json body and `Retry-After` (errors.py).

The limit is the setting `KPSS_API_ANON_RATE` ("requests/period", period s|m|h|d), read on
every request so that tests can lower it; the default is generous for people and tests.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

DEFAULT_ANON_RATE = "1200/m"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/m" → (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[:1]]


class AnonymousRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def get_ident(self, request: HttpRequest) -> str | None:
        """The client address. `X-Forwarded-For` is believed only behind as many proxies as
        the setting `KPSS_API_TRUSTED_PROXIES` says (default 0), so a client cannot dodge
        the limit by sending the header itself."""
        proxies = int(getattr(settings, "KPSS_API_TRUSTED_PROXIES", 0))
        remote = request.META.get("REMOTE_ADDR")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if proxies <= 0 or not forwarded:
            return remote
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        return addresses[-min(proxies, len(addresses))] if addresses else remote

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        limit, period = parse_rate(getattr(settings, "KPSS_API_ANON_RATE", DEFAULT_ANON_RATE))
        now = time.time()
        window = int(now // period)
        key = f"kpss:api-throttle:{self.get_ident(request)}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        if count > limit:
            self._wait = (window + 1) * period - now
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
