"""The auditor (民主理财小组, supervisors) reads; in self-government they act only as a resident."""

import json

import pytest
import time_machine

from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.common.errors import Forbidden
from linli.governance.elections.actions import objection_file, register_build
from linli.governance.models import Objection
from linli.governance.tests.conftest import BUILD, announce, person


@pytest.fixture
def auditor(tree):
    from conftest import _user

    return _user("理财小组", Role.AUDITOR, tree.community_a, username="auditor_a")


@pytest.fixture
def published(tree, worker_a):
    election = announce(tree.community_a, worker_a)
    subject = person(tree.community_a, "被异议者")
    register_build(actor=worker_a, election=election, now=BUILD)
    return election, subject


def test_an_auditor_cannot_file_an_objection_to_the_register(published, auditor, login):
    election, subject = published
    with pytest.raises(Forbidden):
        objection_file(
            actor=auditor, election=election, kind="wrongly_listed", subject=subject, text="x", now=BUILD
        )
    with time_machine.travel(BUILD, tick=False):
        response = login(auditor).post(
            f"/api/v1/governance/elections/{election.code}/objections",
            json.dumps({"kind": "wrongly_listed", "subject_id": subject.pk, "text": "已搬走"}),
            content_type="application/json",
        )
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
        form = login(auditor).post(
            f"/governance/e/{election.code}/register/objections/",
            {"kind": "wrongly_listed", "subject": subject.pk, "text": "已搬走"},
        )
        assert form.status_code in (400, 403)
    assert not Objection.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="governance.objection").exists()


def test_the_register_page_offers_the_objection_form_to_residents_not_to_the_auditor(
    published, auditor, resident, login
):
    election, _ = published
    person(election.community, "居民本人", user=resident)
    url = f"/governance/e/{election.code}/register/"
    with time_machine.travel(BUILD, tick=False):
        assert f'action="{url}objections/"' in login(resident).get(url).content.decode()
        page = login(auditor).get(url)
    assert page.status_code == 200 and f'action="{url}objections/"' not in page.content.decode()


def test_an_auditor_who_lives_in_the_community_objects_as_a_resident(published, auditor):
    election, subject = published
    person(election.community, "审计员本人", user=auditor)
    objection = objection_file(
        actor=auditor, election=election, kind="wrongly_listed", subject=subject, text="已搬走", now=BUILD
    )
    assert objection.filed_by == auditor
