"""The staff page "API tokeny": a signed-in person's own personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kpss.accounts.selectors import api_tokens_for_user
from kpss.accounts.services import NAME_MAX_LENGTH, api_token_create, api_token_revoke
from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.needs.forms import AccessibleForm


class ApiTokenForm(AccessibleForm):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("What the token is for, e.g. “monthly progress import”."),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Optional. The token stops working after this day."),
    )

    def clean_expires_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be in the future."))
        return value


def _page(request: HttpRequest, form: ApiTokenForm, **extra: Any) -> HttpResponse:
    tokens = list(api_tokens_for_user(user=request.user))  # type: ignore[arg-type]
    today = timezone.localdate()
    rows = [(token, token.is_active_on(today)) for token in tokens]
    response = render(request, "portal/api_tokens.html", {"form": form, "rows": rows, **extra})
    add_never_cache_headers(response)
    return response


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    try:
        token, secret = api_token_create(
            actor=request.user,
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationFailed as exc:
        for field, message in exc.details.items():
            form.add_error(field if field in form.fields else None, str(message))
        return _page(request, form)
    # The secret is in this response only: not stored, not redirected to, not cached.
    return _page(request, ApiTokenForm(), created=token, secret=secret)


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_tokens_for_user(user=request.user).filter(pk=token_id).first()  # type: ignore[arg-type]
    if token is None:
        raise Http404
    try:
        api_token_revoke(actor=request.user, token=token)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("portal:api_tokens")
