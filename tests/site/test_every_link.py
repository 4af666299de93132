"""Every link of the demo site leads somewhere: each persona follows the links of every page
it can reach from the home page and from its staff home, and no page answers with a server
error, and no link points to a page that does not exist.

This is the guard rail for the seams between the apps: a menu entry of one app, a link from a
plan page to an intention, a leaflet link of a municipality. It uses the whole demo, so it is
the slowest test outside the browser; it stays below a few hundred pages by following each
URL pattern only a few times.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from kpss.ingest.demo import DEMO_PASSWORD, demo_load

pytestmark = pytest.mark.django_db(transaction=False)

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/odhlaseni/")
# The same page for another id says nothing new; documents are slow to render.
PER_PATTERN = {"page": 3, "document": 1}
DOCUMENT = re.compile(r"\.(pdf|docx|xlsx|csv|zip|ics|json|jsonld)$")
NUMBER = re.compile(r"/\d+(?=/|\.|$)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc not in ("", "testserver"):
            continue
        if parts.scheme in ("mailto", "tel", "javascript"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIP_PREFIXES):
            found.append(path)
    return found


def _pattern(path: str) -> str:
    return NUMBER.sub("/N", urlsplit(path).path)


def crawl(client: Client, starts: list[str], limit: int = 400) -> dict[str, list[str]]:
    """Visit what the links reach; return the problems by kind."""
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque((start, "(start)") for start in starts)
    problems: dict[str, list[str]] = {"server error": [], "broken link": []}
    visited = 0
    while queue and visited < limit:
        path, referrer = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        kind = "document" if DOCUMENT.search(urlsplit(path).path) else "page"
        pattern = _pattern(path)
        if per_pattern[pattern] >= PER_PATTERN[kind]:
            continue
        per_pattern[pattern] += 1
        visited += 1
        response = client.get(path)
        if response.status_code >= 500:
            problems["server error"].append(f"{path} ({response.status_code}) from {referrer}")
        elif response.status_code == 404:
            problems["broken link"].append(f"{path} from {referrer}")
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for link in _links(path, response.content.decode()):
                if link not in seen:
                    queue.append((link, path))
    assert visited > 20, f"the crawl reached only {visited} pages"
    return problems


@pytest.fixture
def demo_site(territory, system_user):
    demo_load(actor=system_user, load_territory=False)


@pytest.mark.parametrize("username", [None, "koordinator", "urednik", "poskytovatel", "admin"])
def test_every_link_reachable_by_a_persona_works(demo_site, username):
    client = Client()
    starts = ["/", "/uzemi/valmez/", "/najit-pomoc/"]
    if username:
        assert client.login(username=username, password=DEMO_PASSWORD)
        starts += ["/sprava/"]
    problems = crawl(client, starts)
    report = "\n".join(f"{kind}: {item}" for kind, items in problems.items() for item in items)
    assert not report, report
