"""The issue's bad input, in the browser and over the API, in both languages: an application
missing a required document, a second open application of the same kind for the household, and a
referral (the way to a placement) of someone not registered as a job seeker. Each is a 400 with
the message in the caller's language, nothing written, and a form that keeps its input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import id_number
from linli.publicservices.employment import actions as employment
from linli.publicservices.models.assistance import Application
from linli.publicservices.models.employment import Placement
from linli.publicservices.tests.conftest import DIBAO_DOCS, PDF, b64

LANGUAGES = [
    (
        "en",
        "Upload the required documents",
        "already has an open application",
        "not registered as a job seeker",
    ),
    ("zh-hans", "请上传必备材料", "该户已有同类救助", "此人尚未登记为求职人员"),
]


def _form(household):
    return {
        "household": household.code,
        "kind": "dibao",
        "members": "2",
        "monthly_income": "800",
        "assets": "5000",
        "reason": "无收入",
    }


def _api_body(household, kinds):
    return {
        "household": household.code,
        "applicant": household.head_id,
        "kind": "dibao",
        "members": 2,
        "monthly_income_fen": 0,
        "assets_fen": 0,
        "reason": "困难",
        "documents": [
            {"kind": k, "filename": f"{k}.pdf", "content_type": "application/pdf", "content": b64()}
            for k in kinds
        ],
    }


@pytest.mark.parametrize(("lang", "missing", "duplicate", "_seeker"), LANGUAGES)
def test_assistance_refusals_in_the_callers_language(
    granted,
    worker_a,
    household_a,
    login,
    lang,
    missing,
    duplicate,
    _seeker,
):
    client = login(worker_a)
    page = client.post(
        "/publicservices/assistance/new/",
        {**_form(household_a), "doc_id_card": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert page.status_code == 400 and missing in page.content.decode() and "无收入" in page.content.decode()
    api = "/api/v1/publicservices/assistance/applications"
    r = client.post(
        api, _api_body(household_a, ["id_card"]), content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
    )
    assert r.status_code == 400 and r.json()["code"] == "document_missing" and missing in r.json()["message"]
    assert not Application.objects.exists()

    assert (
        client.post(api, _api_body(household_a, DIBAO_DOCS), content_type="application/json").status_code
        == 201
    )
    r = client.post(
        api, _api_body(household_a, DIBAO_DOCS), content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
    )
    assert (
        r.status_code == 400
        and r.json()["code"] == "duplicate_application"
        and duplicate in r.json()["message"]
    )
    files = {f"doc_{k}": SimpleUploadedFile(f"{k}.pdf", PDF, "application/pdf") for k in DIBAO_DOCS}
    page = client.post(
        "/publicservices/assistance/new/", {**_form(household_a), **files}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert page.status_code == 400 and duplicate in page.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("lang", "_missing", "_duplicate", "not_seeker"), LANGUAGES)
def test_referring_someone_not_registered_as_a_seeker(
    tree, worker_a, household_a, login, lang, _missing, _duplicate, not_seeker
):
    posting = employment.posting_create(
        actor=worker_a,
        area=tree.community_a,
        employer="超市",
        title="收银员",
        kind="market",
        availability="full_time",
    )
    client = login(worker_a)
    head = household_a.head
    # By the ID number of a resident who has no seeker record, and by a number nobody has.
    for typed in (id_number("19500101", "011"), "JS00000000"):
        page = client.post(
            f"/publicservices/employment/p/{posting.code}/refer/",
            {"seeker": typed},
            HTTP_ACCEPT_LANGUAGE=lang,
        )
        assert (
            page.status_code == 400 and not_seeker in page.content.decode() and typed in page.content.decode()
        )
    r = client.post(
        "/api/v1/publicservices/employment/referrals",
        {"posting": posting.code, "resident": head.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert r.status_code == 400 and r.json()["code"] == "not_a_seeker" and not_seeker in r.json()["message"]
    assert not Placement.objects.exists()
    # Once registered, the same ID number refers them.
    employment.seeker_register(actor=worker_a, resident=head, source="worker", availability="full_time")
    ok = client.post(
        f"/publicservices/employment/p/{posting.code}/refer/", {"seeker": id_number("19500101", "011")}
    )
    assert ok.status_code == 302 and Placement.objects.count() == 1
