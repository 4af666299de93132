"""Guard rails: the properties of the whole project that no single feature test watches.

- every model change has its migration;
- the production settings pass `check --deploy` without a single warning;
- the Czech catalog is complete: no fuzzy or empty entries, placeholders kept, and every
  message id used in the code (Python and templates) is in it;
- the `kpss` command maps operator-friendly hyphenated names to management commands.
"""

from __future__ import annotations

import ast
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trim_whitespace

BASE_DIR = Path(settings.BASE_DIR)
CS_CATALOG = BASE_DIR / "kpss" / "locale" / "cs" / "LC_MESSAGES" / "django.po"
EN_CATALOG = BASE_DIR / "kpss" / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The project catalog and those an app keeps of its own (kpss/<app>/locale).
CS_CATALOGS = [CS_CATALOG, *sorted((BASE_DIR / "kpss").glob("*/locale/cs/LC_MESSAGES/django.po"))]
SOURCE_DIRS = [BASE_DIR / "kpss", BASE_DIR / "config"]
HOW_TO_FIX = "run `make messages`, translate the new entries in {catalog} and commit it"


# --- migrations -------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_model_change_has_a_migration(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit:
        out = capsys.readouterr().out
        pytest.fail(f"Models changed without a migration; run `kpss makemigrations`.\n{out}")


# --- production settings ----------------------------------------------------------------


def _production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECRET_KEY"}
        # The browser tests' conftest sets it for the test process; production never has it.
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kpss.example.cz",
        CSRF_TRUSTED_ORIGINS="https://kpss.example.cz",
    )
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage("check", env=_production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# --- translations -----------------------------------------------------------------------


@pytest.fixture(
    scope="module", params=CS_CATALOGS, ids=lambda path: str(path.relative_to(BASE_DIR))
)
def cs_catalog(request: pytest.FixtureRequest) -> polib.POFile:
    return polib.pofile(str(request.param))


def test_catalogs_exist_for_every_language() -> None:
    for code, _name in settings.LANGUAGES:
        path = BASE_DIR / "kpss" / "locale" / code / "LC_MESSAGES" / "django.po"
        assert path.exists(), f"{path} is missing; {HOW_TO_FIX.format(catalog=path)}"


def test_czech_catalog_header_is_final(cs_catalog: polib.POFile) -> None:
    assert not cs_catalog.metadata_is_fuzzy, "the catalog header is still marked fuzzy"
    assert cs_catalog.metadata.get("Language") == "cs"
    assert "nplurals" in cs_catalog.metadata.get("Plural-Forms", "")


def test_czech_catalog_has_no_fuzzy_entries(cs_catalog: polib.POFile) -> None:
    fuzzy = [entry.msgid for entry in cs_catalog.fuzzy_entries()]
    assert not fuzzy, f"Fuzzy entries in {cs_catalog.fpath} (check and unmark them): {fuzzy}"


def test_czech_catalog_has_no_empty_entries(cs_catalog: polib.POFile) -> None:
    empty = [
        entry.msgid
        for entry in cs_catalog
        if not entry.obsolete
        and (
            (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr)
        )
    ]
    assert not empty, (
        f"Untranslated entries: {empty}; {HOW_TO_FIX.format(catalog=cs_catalog.fpath)}"
    )


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def _placeholders(text: str) -> set[str]:
    return {named or braced for named, braced in _PLACEHOLDER.findall(text)}


def test_czech_translations_keep_their_placeholders(cs_catalog: polib.POFile) -> None:
    broken = []
    for entry in cs_catalog.translated_entries():
        expected = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            # A Czech plural form may leave out the count ("jeden", "dva"), never add a name.
            found = _placeholders(text)
            if found - expected or (not entry.msgid_plural and found != expected):
                broken.append((entry.msgid, text))
    assert not broken, f"Placeholders differ between msgid and msgstr: {broken}"


# Names xgettext is told about by Django's makemessages, with the positions of the
# context, the singular and the plural argument.
_PY_KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

Message = tuple[str | None, str]  # (context, msgid)


def _source_files(*suffixes: str) -> Iterator[Path]:
    for root in SOURCE_DIRS:
        for path in sorted(root.rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts:
                yield path


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def python_messages(source: str) -> set[Message]:
    """Message ids passed as literals to the gettext functions in Python source."""
    found: set[Message] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in _PY_KEYWORDS:
            continue
        context_at, singular_at, plural_at = _PY_KEYWORDS[name]
        needed = max(i for i in (context_at, singular_at, plural_at) if i is not None)
        if len(node.args) <= needed:
            continue
        context = _literal(node.args[context_at]) if context_at is not None else None
        for position in (singular_at, plural_at):
            if position is None:
                continue
            msgid = _literal(node.args[position])
            if msgid is not None and (context_at is None or context is not None):
                found.add((context, msgid))
    return found


_TRANSLATE_TAG = re.compile(
    r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?[^%]*%\}""",
    re.DOTALL,
)
_UNDERSCORE_IN_TEMPLATE = re.compile(r"""\b_\(\s*(?P<q>["'])(?P<msgid>.*?)(?P=q)\s*\)""")
_BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?(?P<options>[^%]*)%\}(?P<body>.*?)"
    r"\{%\s*endblocktrans(?:late)?\s*%\}",
    re.DOTALL,
)
_BLOCK_CONTEXT = re.compile(r"""\bcontext\s+(?P<q>["'])(?P<context>.*?)(?P=q)""")
_BLOCK_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_BLOCK_PLURAL = re.compile(r"\{%\s*plural\s*%\}")


def template_messages(source: str) -> set[Message]:
    """Message ids of {% translate %}, {% blocktranslate %} and _("...") in a template."""
    found: set[Message] = set()
    for match in _TRANSLATE_TAG.finditer(source):
        found.add((match["context"], match["msgid"]))
    for match in _UNDERSCORE_IN_TEMPLATE.finditer(source):
        found.add((None, match["msgid"]))
    for match in _BLOCK_TAG.finditer(source):
        options = match["options"]
        context_match = _BLOCK_CONTEXT.search(options)
        context = context_match["context"] if context_match else None
        for part in _BLOCK_PLURAL.split(match["body"]):
            msgid = _BLOCK_VARIABLE.sub(r"%(\1)s", part.replace("%", "%%"))
            if re.search(r"\btrimmed\b", options):
                msgid = trim_whitespace(msgid)
            found.add((context, msgid))
    return found


def code_messages() -> dict[Message, Path]:
    found: dict[Message, Path] = {}
    for path in _source_files(".py"):
        for message in python_messages(path.read_text(encoding="utf-8")):
            found.setdefault(message, path)
    for path in _source_files(".html", ".txt"):
        for message in template_messages(path.read_text(encoding="utf-8")):
            found.setdefault(message, path)
    return found


def test_message_extraction_understands_the_forms_we_use() -> None:
    python = 'x = _("One") + pgettext_lazy("menu", "Two") + ngettext("%(n)s day", "%(n)s days", n)'
    assert python_messages(python) == {
        (None, "One"),
        ("menu", "Two"),
        (None, "%(n)s day"),
        (None, "%(n)s days"),
    }
    template = (
        '{% translate "Plan" %}{% trans "Save" context "button" as label %}'
        "{{ value|default:_('none') }}"
        "{% blocktranslate trimmed with name=area.name %}\n  Area {{ name }}\n  at 100 %"
        "\n{% endblocktranslate %}"
    )
    assert template_messages(template) == {
        (None, "Plan"),
        ("button", "Save"),
        (None, "none"),
        (None, "Area %(name)s at 100 %%"),
    }


def test_every_message_in_the_code_is_in_the_czech_catalog() -> None:
    in_catalog: set[Message] = set()
    entries = [entry for path in CS_CATALOGS for entry in polib.pofile(str(path))]
    for entry in entries:
        if not entry.obsolete:
            in_catalog.add((entry.msgctxt, entry.msgid))
            if entry.msgid_plural:
                in_catalog.add((entry.msgctxt, entry.msgid_plural))
    missing = {
        f"{path.relative_to(BASE_DIR)}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), path in code_messages().items()
        if (context, msgid) not in in_catalog
    }
    assert not missing, (
        f"{len(missing)} message ids are in no Czech catalog; "
        f"{HOW_TO_FIX.format(catalog='the catalog of their app')}:\n" + "\n".join(sorted(missing))
    )


def test_compiled_czech_catalog_is_used() -> None:
    """The .mo files are built by `make translations`; without them Czech silently is English."""
    from django.utils import translation

    assert CS_CATALOG.with_suffix(".mo").exists(), "run `make translations`"
    with translation.override("cs"):
        assert translation.gettext("planning area") == "plánovací území"


# --- the kpss command -------------------------------------------------------------------


def test_kpss_command_maps_hyphenated_names(capsys: pytest.CaptureFixture[str]) -> None:
    from kpss.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["load-territory", "--help"])
    assert exit_info.value.code in (0, None)
    assert "--orp" in capsys.readouterr().out


def test_kpss_command_fails_on_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    from kpss.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 1
    assert "no_such_command" in capsys.readouterr().err


def test_czech_plurals_have_every_form_the_catalog_declares(cs_catalog: polib.POFile) -> None:
    """A missing form falls back to English at run time (18 members showed "18 members")."""
    header = cs_catalog.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals=(\d+)", header)
    assert match, "the Czech catalog declares no Plural-Forms"
    forms = int(match.group(1))
    short = [
        entry.msgid
        for entry in cs_catalog
        if entry.msgid_plural
        and not entry.obsolete
        and [entry.msgstr_plural.get(i, "") for i in range(forms)].count("") > 0
    ]
    assert not short, f"Plural entries without all {forms} forms: {short}"
