from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from kpss.api.auth import caller

pytestmark = pytest.mark.django_db


def test_caller_without_a_session_is_anonymous():
    request = RequestFactory().get("/api/v1/areas")
    assert isinstance(caller(request), AnonymousUser)


def test_caller_is_the_session_user(admin):
    request = RequestFactory().get("/api/v1/areas")
    request.user = admin
    assert caller(request) == admin


def test_reads_need_no_login(client, pilot_area):
    assert client.get("/api/v1/areas").status_code == 200
