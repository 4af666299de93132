"""Compile the translation catalogs (django.po -> django.mo) with polib, without GNU gettext.

Compiled .mo files are not committed; `make translations` runs this after every checkout.
Fuzzy and untranslated entries are left out of the .mo, exactly as `msgfmt` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

SOURCE_LANGUAGE = "en"


def locale_dirs() -> list[Path]:
    """LOCALE_PATHS, then the locale folders of our own apps (each may keep its catalog)."""
    dirs = [Path(locale_dir) for locale_dir in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_locale = Path(config.path) / "locale"
        if config.name.startswith("kpss.") and app_locale.is_dir() and app_locale not in dirs:
            dirs.append(app_locale)
    return dirs


def catalog_paths() -> list[Path]:
    """Every gettext catalog of the project, in a stable order."""
    found: list[Path] = []
    for locale_dir in locale_dirs():
        found.extend(sorted(locale_dir.glob("*/LC_MESSAGES/*.po")))
    return found


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def catalog_problems(po: polib.POFile) -> list[str]:
    """Human-readable problems of one catalog: fuzzy and untranslated entries."""
    problems = [f"fuzzy: {entry.msgid!r}" for entry in po.fuzzy_entries()]
    problems += [f"untranslated: {entry.msgid!r}" for entry in po.untranslated_entries()]
    return problems


class Command(BaseCommand):
    help = "Compile translation catalogs to .mo files with polib (no GNU gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Compile even when the .mo is up to date."
        )
        parser.add_argument(
            "--report",
            action="store_true",
            help="List fuzzy and untranslated entries of every non-English catalog.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="With --report: exit with an error when any entry is missing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = catalog_paths()
        if not paths:
            raise CommandError(f"No .po catalogs found under {settings.LOCALE_PATHS}.")
        missing = 0
        for po_path in paths:
            mo_path = po_path.with_suffix(".mo")
            language = po_path.parent.parent.name
            po = polib.pofile(str(po_path))
            fresh = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            if options["force"] or not fresh:
                po.save_as_mofile(str(mo_path))
                self.stdout.write(
                    f"compiled {_shown(po_path)} ({len(po.translated_entries())} entries)"
                )
            elif options["verbosity"] > 1:
                self.stdout.write(f"up to date {_shown(mo_path)}")
            if options["report"] and language != SOURCE_LANGUAGE:
                problems = catalog_problems(po)
                missing += len(problems)
                done = po.percent_translated()
                self.stdout.write(f"{_shown(po_path)}: {done} % translated, {len(problems)} to do")
                for problem in problems:
                    self.stdout.write(f"  {problem}")
        if options["report"] and options["strict"] and missing:
            raise CommandError(f"{missing} catalog entries are fuzzy or untranslated.")
