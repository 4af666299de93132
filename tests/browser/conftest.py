"""Browser tests: Debian's Chromium driven by Playwright, pages served by `live_server`.

Fixtures:

- `browser`: one headless Chromium for the whole session (/usr/bin/chromium, installed by
  `make chromium`; Playwright never downloads a browser of its own here);
- `page`: a fresh browser context per test, Czech locale and Prague time zone;
- `axe`: `axe(page)` runs the vendored axe-core with the WCAG 2.1 A and AA rules on the
  current page and returns the violations; `format_violations(violations)` makes them
  readable in an assertion message.

Mark browser tests with `@pytest.mark.browser`; `pytest -m "not browser"` leaves them out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM
# calls made by the test itself ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("KPSS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

Violation = dict[str, Any]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[..., list[Violation]]:
    def run(
        page: Any, *, tags: list[str] | None = None, exclude: list[str] | None = None
    ) -> list[Violation]:
        # Evaluated through the DevTools protocol, so a strict Content-Security-Policy of
        # the page under test does not have to allow it.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(f"{axe_source}\n;true")
        context: dict[str, Any] = {"exclude": [[selector] for selector in exclude or []]}
        options = {
            "runOnly": {"type": "tag", "values": tags or WCAG_21_AA},
            "resultTypes": ["violations"],
        }
        result: dict[str, Any] = page.evaluate(
            """([context, options]) =>
                window.axe.run(context.exclude.length ? context : document, options)""",
            [context, options],
        )
        return list(result["violations"])

    return run


def format_violations(violations: list[Violation]) -> str:
    """One line per violation and the first few offending elements, for assertion messages."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{len(violation['nodes'])} elements: {', '.join(targets)}]"
        )
    return "\n".join(lines)
