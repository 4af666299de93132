"""Write the OpenAPI document of /api/v1/ to the committed snapshot, or check it is current.

kpss openapi-snapshot           # rewrite kpss/api/openapi_snapshot.json
kpss openapi-snapshot --check   # exit 1 if the API differs from the snapshot
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

SNAPSHOT = Path(__file__).resolve().parents[2] / "openapi_snapshot.json"


def openapi_document() -> str:
    """The live OpenAPI document, serialised the way the snapshot is stored."""
    from kpss.api.router import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to kpss/api/openapi_snapshot.json (or --check it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Do not write; exit with status 1 if the snapshot is out of date.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        current = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
        if options["check"]:
            if document != current:
                self.stderr.write(
                    f"{SNAPSHOT} is out of date. If the API change is intended, run "
                    "`kpss openapi-snapshot` and commit the result."
                )
                sys.exit(1)
            self.stdout.write("OpenAPI snapshot is up to date.")
            return
        if document == current:
            self.stdout.write("OpenAPI snapshot unchanged.")
            return
        SNAPSHOT.write_text(document, encoding="utf-8")
        self.stdout.write(f"Wrote {SNAPSHOT}.")
