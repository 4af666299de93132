"""Section texts are Markdown rendered to sanitised HTML."""

from __future__ import annotations

from kpss.planning.markdown import markdown_to_safe_html


def test_markdown_is_rendered_and_sanitised():
    html = markdown_to_safe_html(
        "## Vize\n\n**Senioři** doma.\n\n<script>alert(1)</script>\n\n"
        '[odkaz](javascript:alert(1)) <img src=x onerror="alert(1)">\n\n'
        "| obec | lůžka |\n|---|---|\n| Kelč | 12 |"
    )
    assert "<h2>Vize</h2>" in html
    assert "<strong>Senioři</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<td>Kelč</td>" in html
