"""`kpss api-token create|list|revoke`: personal API tokens, for operators.

The command runs as the system account (an administrator), so it may manage anyone's
tokens; every change is audited under that account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import ApiToken, User, system_actor
from kpss.accounts.selectors import api_token_list
from kpss.accounts.services import api_token_create, api_token_revoke
from kpss.core.errors import KpssError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Invalid date %(value)s; use YYYY-MM-DD.") % {"value": value}) from exc


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("Unknown user %(name)s.") % {"name": username})
    return user


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print its secret once.")
        create.add_argument("--user", required=True, help="Username of the token's owner.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument("--expires", help="Last day of validity, YYYY-MM-DD.")
        listing = sub.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("--user", help="Only this user's tokens.")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action']}")(options)
        except KpssError as exc:
            details = "; ".join(f"{k}: {v}" for k, v in exc.details.items() if k != "perm")
            raise CommandError(details or exc.message) from exc

    def do_create(self, options: dict[str, Any]) -> None:
        expires = _date(options["expires"]) if options.get("expires") else None
        token, secret = api_token_create(
            actor=system_actor(),
            user=_user(options["user"]),
            name=options["name"],
            expires_on=expires,
        )
        self.stdout.write(
            _("Token %(id)d (%(prefix)s…) created for %(user)s.")
            % {"id": token.pk, "prefix": token.prefix, "user": token.user.get_username()}
        )
        self.stdout.write(secret)
        self.stderr.write(_("Store the secret now: it is not shown again."))

    def do_list(self, options: dict[str, Any]) -> None:
        user = _user(options["user"]) if options.get("user") else None
        tokens = list(api_token_list(user=user))
        if not tokens:
            self.stdout.write(_("No tokens."))
            return
        for token in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        token.user.get_username(),
                        token.prefix + "…",
                        token.name,
                        token.created_at.strftime("%Y-%m-%d %H:%M"),
                        token.last_used_at.strftime("%Y-%m-%d %H:%M")
                        if token.last_used_at
                        else "-",
                        token.expires_on.isoformat() if token.expires_on else "-",
                        _("revoked") if token.revoked_at else _("active"),
                    ]
                )
            )

    def do_revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(_("Unknown token %(id)d.") % {"id": options["id"]})
        api_token_revoke(actor=system_actor(), token=token)
        self.stdout.write(_("Token %(id)d revoked.") % {"id": token.pk})
