"""The shared first steps of every staff page: the area, the rule, and errors on the form."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from kpss.core.errors import NotFound, PermissionDenied, ValidationFailed
from kpss.organisations.web import apply_errors, staff_view

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _ok(request, area):
    return HttpResponse(area.slug)


def test_a_member_with_the_right_reaches_the_view(coordinator, pilot_area):
    view = staff_view("needs.view_internal")(_ok)
    response = view(_request(coordinator), slug=pilot_area.slug)
    assert response.content == b"valmez"


def test_anonymous_is_sent_to_log_in(pilot_area):
    response = staff_view("needs.view_internal")(_ok)(_request(AnonymousUser()), slug="valmez")
    assert response.status_code == 302


def test_an_unpublished_area_of_others_is_404(coordinator, other_area):
    with pytest.raises(Http404):
        staff_view(None)(_ok)(_request(coordinator), slug=other_area.slug)


def test_without_the_right_it_is_403_or_404_when_hidden(provider_user, pilot_area):
    response = staff_view("planning.change_draft")(_ok)(_request(provider_user), slug="valmez")
    assert response.status_code == 403
    with pytest.raises(Http404):
        staff_view("planning.change_draft", hide=True)(_ok)(_request(provider_user), slug="valmez")


def test_domain_errors_of_the_view_become_403_and_404(coordinator, pilot_area):
    def denied(request, area):
        raise PermissionDenied("no")

    def missing(request, area):
        raise NotFound("gone")

    assert staff_view(None)(denied)(_request(coordinator), slug="valmez").status_code == 403
    with pytest.raises(Http404):
        staff_view(None)(missing)(_request(coordinator), slug="valmez")


class _Form(forms.Form):
    title = forms.CharField()


def test_errors_land_on_the_field_they_name():
    form = _Form({"title": "x"})
    assert form.is_valid()
    apply_errors(form, ValidationFailed("Too short.", field="title"))
    assert form.errors["title"] == ["Too short."]
    form = _Form({"title": "x"})
    form.is_valid()
    apply_errors(form, ValidationFailed("Bad.", errors={"title": "Bad title.", "other": "Bad."}))
    assert form.errors["title"] == ["Bad title."]
    assert form.non_field_errors() == ["Bad."]
