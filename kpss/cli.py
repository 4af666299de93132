"""The `kpss` command: Django management commands with operator-friendly names.

`kpss load-territory` runs the `load_territory` command, `kpss area create ...` the `area`
command; anything else Django knows (`kpss migrate`, `kpss createsuperuser`) passes through.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["kpss", *args])


if __name__ == "__main__":
    main()
