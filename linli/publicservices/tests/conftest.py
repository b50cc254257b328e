"""Public services cast: the shared tree and users, with the `dibao` sensitive grant given to
worker A, the street officer and the district officer (worker B has it too, for community B)."""

import base64
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from linli.accounts.models import SensitiveGrant
from linli.publicservices.assistance import actions
from linli.publicservices.assistance.actions import Upload

TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday morning, a working day.
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)
PDF = b"%PDF-1.4\n% test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def grant(user, area):
    SensitiveGrant.objects.create(user=user, category="dibao", area=area, reason="test")
    from linli.accounts import policy

    policy.forget(user)


@pytest.fixture
def granted(tree, worker_a, worker_b, street_officer, district_officer):
    grant(worker_a, tree.community_a)
    grant(worker_b, tree.community_b)
    grant(street_officer, tree.street)
    grant(district_officer, tree.district)


def docs(*kinds):
    return [Upload(kind=k, filename=f"{k}.pdf", content_type="application/pdf", data=PDF) for k in kinds]


DIBAO_DOCS = ("id_card", "hukou", "income")


def b64(data=PDF):
    return base64.b64encode(data).decode()


@pytest.fixture
def application(granted, worker_a, household_a):
    return actions.application_submit(
        actor=worker_a,
        household=household_a,
        applicant=household_a.head,
        kind="dibao",
        members=2,
        monthly_income_fen=80_000,
        assets_fen=500_000,
        reason="老伴重病，无收入",
        requested_fen=150_000,
        documents=docs(*DIBAO_DOCS),
        now=NOW,
    )


def walk_to_notice(application, worker_a, street_officer, now=NOW):
    actions.application_check(
        actor=worker_a,
        application=application,
        report="入户核查属实",
        passed=True,
        amount_fen=120_000,
        now=now,
    )
    actions.application_review(
        actor=street_officer, application=application, passed=True, now=now + dt.timedelta(days=1)
    )
    return application


def walk_to_granted(application, worker_a, street_officer, district_officer, now=NOW):
    walk_to_notice(application, worker_a, street_officer, now)
    actions.application_approve(
        actor=district_officer, application=application, passed=True, now=now + dt.timedelta(days=9)
    )
    return application
