"""What every staff page of a planning area does first, in one place for all apps: find the
area the user may see (else 404), check the rule (else 403, or 404 where even the existence
of the thing is not to be told), and show a service's errors on the form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from kpss.core.errors import KpssError, NotFound
from kpss.core.errors import PermissionDenied as KpssPermissionDenied
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea

StaffView = Callable[..., HttpResponseBase]
FORBIDDEN_TEMPLATE = "needs/forbidden.html"


def area_for_request(request: HttpRequest, slug: str) -> PlanningArea:
    """The area if this user may see it; unpublished areas are 404 to outsiders."""
    try:
        return planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def forbidden(
    request: HttpRequest, area: PlanningArea, template: str = FORBIDDEN_TEMPLATE
) -> HttpResponse:
    return render(request, template, {"area": area}, status=403)


def staff_view(
    perm: str | None,
    *,
    hide: bool = False,
    template: str = FORBIDDEN_TEMPLATE,
) -> Callable[[StaffView], StaffView]:
    """Login required; the area must be visible (else 404) and the user must hold `perm` on
    it (else 403, or 404 with `hide`); `None` leaves the check to the view. The view gets
    the area instead of the slug; a NotFound it raises is a 404, a PermissionDenied a 403."""

    def deny(request: HttpRequest, area: PlanningArea, message: str) -> HttpResponse:
        if hide:
            raise Http404(message)
        return forbidden(request, area, template)

    def decorator(view: StaffView) -> StaffView:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponseBase:
            area = area_for_request(request, slug)
            if perm is not None and not request.user.has_perm(perm, area):
                return deny(request, area, perm)
            try:
                return view(request, area, **kwargs)
            except KpssPermissionDenied as error:
                return deny(request, area, error.message)
            except NotFound as error:
                raise Http404(error.message) from error

        return login_required(wrapper)

    return decorator


def apply_errors(form: forms.BaseForm, error: Exception) -> None:
    """Show a service's validation error on the form: per field where it names one."""
    if isinstance(error, DjangoValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, KpssError):
        field_errors = error.details.get("errors") or {}
        for name, message in field_errors.items():
            form.add_error(name if name in form.fields else None, message)
        if not field_errors:
            field = error.details.get("field")
            form.add_error(field if field in form.fields else None, error.message)
    else:
        form.add_error(None, str(error))
    describe = getattr(form, "describe_fields", None)
    if describe is not None:
        describe()  # aria-describedby and aria-invalid for the new errors
