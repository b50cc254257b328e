"""The pages: a resident joins, finds an activity, signs up, checks in through the scanned code and
sees their hours; the organiser's code screen; the public verification page; the roster import."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.registry.models import Resident
from linli.volunteers import actions, checkin_code
from linli.volunteers.models import SignUp, Volunteer
from linli.volunteers.tests.conftest import END, NOW, START


def test_a_resident_with_a_record_joins_from_the_page(tree, resident, household_a, login):
    Resident.objects.filter(pk=household_a.head.pk).update(user=resident)
    client = login(resident)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/volunteers/")
        assert "Become a volunteer" in page.content.decode() or "成为志愿者" in page.content.decode()
        r = client.post("/volunteers/join/", {"skills": ["elderly"], "phone": ""})
    assert r.status_code == 302
    v = Volunteer.objects.get(user=resident)
    assert v.resident_id == household_a.head.pk and v.skills == "elderly"


def test_sign_up_scan_check_in_and_my_hours(scene, resident, worker_a, login):
    me = login(resident)
    with time_machine.travel(NOW, tick=False):
        assert scene.activity.title in me.get("/volunteers/").content.decode()
        r = me.post(f"/volunteers/a/{scene.activity.code}/s/{scene.shift.pk}/signup/")
        assert r.status_code == 302
    entry = SignUp.objects.get(volunteer=scene.me)
    at = START + dt.timedelta(minutes=1)
    with time_machine.travel(at, tick=False):
        screen = login(worker_a).get(f"/volunteers/a/{scene.activity.code}/s/{scene.shift.pk}/code/")
        code = checkin_code.current(scene.activity.qr_key, scene.shift.pk, at)
        assert (
            screen.status_code == 200
            and code in screen.content.decode()
            and "<svg" in screen.content.decode()
        )
        scan_url = f"/volunteers/a/{scene.activity.code}/s/{scene.shift.pk}/scan/"
        assert me.get(f"{scan_url}?c={code}").status_code == 200
        assert SignUp.objects.get(pk=entry.pk).checked_in_at is None  # GET never writes
        stale = me.post(scan_url, {"code": "ZZZZZZZZ"})
        assert stale.status_code == 400 and 'value="ZZZZZZZZ"' in stale.content.decode()
        assert me.post(scan_url, {"code": code}).status_code == 302
    assert SignUp.objects.get(pk=entry.pk).checked_in_at == at
    with time_machine.travel(END, tick=False):
        login(worker_a).post(f"/volunteers/signups/{entry.pk}/check/out/")
        r = login(worker_a).post(f"/volunteers/signups/{entry.pk}/sign-off/", {"minutes": "120"})
        assert r.status_code == 302
        mine = me.get("/volunteers/mine/").content.decode()
    assert scene.me.number in mine and "2.0" in mine


def test_certificate_prints_and_verifies_publicly(scene, worker_a, resident, login):
    actions.hours_carry_over(actor=worker_a, volunteer=scene.me, minutes=310 * 60, reason="台账", now=NOW)
    with time_machine.travel(NOW, tick=False):
        r = login(resident).post(f"/volunteers/v/{scene.me.number}/certificate/")
        assert r.status_code == 302
        code = r.url.rstrip("/").rsplit("/", 1)[-1]
        printed = login(resident).get(r.url).content.decode()
    assert code in printed and "<svg" in printed
    public = Client().get(f"/volunteers/verify/{code.lower()}/")
    assert (
        public.status_code == 200
        and "310" in public.content.decode()
        and scene.me.id_number not in public.content.decode()
    )
    assert Client().get("/volunteers/verify/NOTACODE/").status_code == 404


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("roster.xlsx", buf.getvalue())


def test_roster_import_is_all_or_nothing_with_bad_rows_by_line(tree, worker_a, login, scene):
    client = login(worker_a)
    good = id_number("19700101", "101")
    bad = _xlsx(
        [
            ["姓名", "身份证号", "手机", "技能", "已有时长"],
            ["甲", good, "13900000001", "安全巡逻", "12.5"],
            ["乙", "123", "", "", ""],
            ["丙", good, "", "", ""],
        ]
    )
    with time_machine.travel(NOW, tick=False):
        before = AuditEvent.objects.count()
        r = client.post(f"/volunteers/c/{tree.community_a.code}/import/", {"file": bad})
        body = r.content.decode()
        assert r.status_code == 400 and "3" in body and "4" in body
        assert AuditEvent.objects.count() == before and not Volunteer.objects.filter(name="甲").exists()
        ok = _xlsx(
            [
                ["姓名", "身份证号", "手机", "技能", "已有时长"],
                ["甲", good, "13900000001", "安全巡逻", "12.5"],
            ]
        )
        r = client.post(f"/volunteers/c/{tree.community_a.code}/import/", {"file": ok})
    assert r.status_code == 302
    v = Volunteer.objects.get(name="甲")
    assert v.skills == "patrol" and actions.recorded_minutes(v) == 750


def test_a_file_that_is_not_xlsx_is_refused_with_a_message(tree, worker_a, login):
    r = login(worker_a).post(
        f"/volunteers/c/{tree.community_a.code}/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip")}
    )
    assert r.status_code == 400


def test_share_page_for_the_street(scene, street_officer, login):
    with time_machine.travel(NOW, tick=False):
        r = login(street_officer).get("/volunteers/share/")
        assert r.status_code == 302
        page = login(street_officer).get(r.url)
    assert page.status_code == 200


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_pages_render_in_both_languages(scene, worker_a, login, lang):
    client = login(worker_a)
    client.cookies["django_language"] = lang
    with time_machine.travel(NOW, tick=False):
        for url in [
            "/volunteers/",
            f"/volunteers/a/{scene.activity.code}/",
            "/volunteers/activities/new/",
            f"/volunteers/c/{scene.me.community.code}/roll/",
        ]:
            assert client.get(url).status_code == 200, url
