"""The recorder refuses to write an audit event while a GET is served: a generic guard behind
"whatever reveals or writes is a POST"."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from linli.audit.chain import SafeMethodWrite, record
from linli.audit.middleware import AuditContextMiddleware
from linli.audit.models import AuditEvent


def serve(method: str) -> HttpResponse:
    def view(request):
        record(actor=None, action="tests.something.revealed")
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())("/")
    return AuditContextMiddleware(view)(request)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_an_audited_action_run_by_a_get_is_refused_and_leaves_no_event(method):
    with pytest.raises(SafeMethodWrite):
        serve(method)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_the_same_action_runs_on_post_and_outside_requests():
    assert serve("POST").status_code == 200
    record(actor=None, action="tests.something.revealed")
    assert AuditEvent.objects.count() == 2
