"""Smoke test of the browser set-up: the back-office login page in Czech, checked by axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


def test_admin_login_page_renders_in_czech(live_server: Any, page: Any, axe: Any) -> None:
    response = page.goto(f"{live_server.url}/admin/login/")
    assert response is not None
    assert response.status == 200
    assert page.title().startswith("Přihlášení")
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator("input[name=username]").is_visible()

    violations = axe(page)
    # The stock Django admin is not ours to fix; the axe run itself must work. Public pages
    # have their own tests that allow no violation at all.
    assert isinstance(violations, list), format_violations(violations)
    print(format_violations(violations) or "axe: no WCAG 2.1 AA violations")


def test_axe_finds_a_known_violation(page: Any, axe: Any) -> None:
    """Zero violations elsewhere means something only if axe really reports them."""
    page.set_content('<html lang="cs"><title>x</title><main><img src="data:,"></main></html>')
    assert "image-alt" in {violation["id"] for violation in axe(page)}
