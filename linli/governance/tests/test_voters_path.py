"""The voter's path, for an 80-year-old (issue 12): eligibility before the ballot, the printed slip
(full address, QR code, grouped code), forgiving code entry, a receipt that survives a language or
text-size switch and prints, dates with their times, and a board that says when it is published."""

import datetime as dt
import re

import time_machine

from linli.common.tests.fullwidth import full_width
from linli.governance.elections.actions import ballot_cast, credentials_issue
from linli.governance.models import Ballot
from linli.governance.tests.conftest import CLOSES, DURING, OPENS, TZ, person, picks
from linli.registry.models import Resident

RECEIPT = "/governance/vote/receipt/"


def _ballot_url(scene) -> str:
    return f"/governance/e/{scene.election.code}/r/1/ballot/"


def _english(client):
    client.cookies["linli_language"] = "en"
    return client


def _no_ballot(body: str) -> bool:
    return 'class="ballot"' not in body and 'type="checkbox"' not in body


# ---------------------------------------------------------------------------------------------
# Eligibility before the ballot


def test_a_resident_not_on_the_register_reads_why_and_gets_no_ballot(scene, tree, resident, login):
    # Registered after the register's cut-off date: not listed.
    person(tree.community_a, "新居民", registered=dt.datetime(2026, 3, 25, 9, 0, tzinfo=TZ), user=resident)
    client = _english(login(resident))
    with time_machine.travel(DURING, tick=False):
        page = client.get(_ballot_url(scene))
        body = page.content.decode()
        assert page.status_code == 200 and _no_ballot(body)
        assert "not on this election&#x27;s register" in body and "2026-03-20" in body
        assert f"/governance/e/{scene.election.code}/register/" in body  # where to look
        sent = client.post(_ballot_url(scene), picks(scene))
    assert sent.status_code == 400 and not Ballot.objects.exists()


def test_staff_without_a_resident_record_get_an_explanation_not_a_ballot(scene, street_officer, login):
    with time_machine.travel(DURING, tick=False):
        page = _english(login(street_officer)).get(_ballot_url(scene))
    body = page.content.decode()
    assert page.status_code == 200 and _no_ballot(body) and "not linked to a resident" in body


def test_before_voting_opens_the_page_says_when_with_date_and_time(scene, resident, login):
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    with time_machine.travel(OPENS - dt.timedelta(hours=1), tick=False):
        body = _english(login(resident)).get(_ballot_url(scene)).content.decode()
    assert _no_ballot(body) and "Voting opens on 2026-04-18 08:00 and closes on 2026-04-18 18:00" in body


def test_a_voter_who_has_voted_is_told_so_instead_of_a_second_ballot(scene, resident, login):
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    client = _english(login(resident))
    with time_machine.travel(DURING, tick=False):
        assert client.post(_ballot_url(scene), picks(scene)).status_code == 302
        body = client.get(_ballot_url(scene)).content.decode()
    assert _no_ballot(body) and "You have already voted in this round." in body


def test_a_used_code_is_refused_where_it_is_typed_before_any_ballot(scene, worker_a, client):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    with time_machine.travel(DURING, tick=False):
        again = _english(client).post("/governance/vote/", {"credential": code})
    body = again.content.decode()
    assert again.status_code == 400 and _no_ballot(body) and "already been used" in body
    assert code in body  # the form keeps what was typed


def test_a_refused_ballot_comes_back_as_it_was_ticked(scene, resident, login):
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    members = [m.pk for m in scene.candidates["member"]]  # 4 ticked for 3 seats
    with time_machine.travel(DURING, tick=False):
        refused = login(resident).post(_ballot_url(scene), {"member": members, "w_deputy": "李四"})
    body = refused.content.decode()
    assert refused.status_code == 400 and not Ballot.objects.exists()
    for pk in members:
        assert re.search(rf'value="{pk}" checked', body)
    assert 'value="李四"' in body


# ---------------------------------------------------------------------------------------------
# The slip and typing its code


def test_slips_give_the_full_address_a_qr_code_of_it_and_the_code_in_groups(scene, worker_a, login):
    with time_machine.travel(DURING, tick=False):
        slips = login(worker_a).post(f"/governance/e/{scene.election.code}/r/1/credentials/")
    body = slips.content.decode()
    assert "http://testserver/governance/vote/" in body
    slip = body[body.index('<div class="slip">') :]
    assert re.search(r'<div class="qr"><svg[^>]*>\s*<title>[^<]*http://testserver/governance/vote/', slip)
    assert len(re.findall(r'class="code">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<', body)) == len(scene.voters)
    assert "2026-04-18 18:00" in slip and "https://" not in body.replace("http://testserver", "")


def test_slips_use_the_public_address_when_one_is_set(scene, worker_a, login, settings):
    settings.LINLI_PUBLIC_URL = "https://linli.chaoyang.gov.cn"
    with time_machine.travel(DURING, tick=False):
        body = login(worker_a).post(f"/governance/e/{scene.election.code}/r/1/credentials/").content.decode()
    assert "https://linli.chaoyang.gov.cn/governance/vote/" in body and "testserver" not in body


def test_a_code_typed_with_spaces_dashes_small_letters_or_full_width_opens_the_ballot(
    scene, worker_a, client
):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    groups = [code[:4], code[4:8], code[8:]]
    with time_machine.travel(DURING, tick=False):
        for typed in (
            " - ".join(groups).lower(),  # 18 characters and more: longer than the bare code
            "\u3000".join(full_width(g) for g in groups),  # ideographic spaces, full-width letters
            "\uff0d".join(groups),  # full-width dashes
            f"  {'  —  '.join(groups)}  ",
        ):
            page = client.post("/governance/vote/", {"credential": typed})
            assert page.status_code == 200 and 'class="ballot"' in page.content.decode(), typed


def test_a_code_of_the_wrong_length_says_how_long_it_should_be(scene, client):
    page = _english(client).post("/governance/vote/", {"credential": "XRFY-EMWZ-AK8"})
    assert page.status_code == 400 and "12 letters and digits; you typed 11" in page.content.decode()


# ---------------------------------------------------------------------------------------------
# The receipt


def _vote_with_code(scene, worker_a, client) -> tuple[str, object]:
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    c = scene.candidates
    sent = client.post(
        "/governance/vote/", {"credential": code, "cast": "1", "director": c["director"][0].pk}
    )
    return Ballot.objects.get().tracking_code, sent


def test_the_receipt_survives_a_language_and_a_text_size_switch(scene, worker_a, client):
    with time_machine.travel(DURING, tick=False):
        tracking, sent = _vote_with_code(scene, worker_a, client)
        assert sent.status_code == 302 and sent["Location"] == RECEIPT and tracking not in sent["Location"]
        grouped = f"{tracking[:4]}-{tracking[4:8]}-{tracking[8:]}"
        assert grouped in client.get(RECEIPT).content.decode()
        switched = client.post("/i18n/setlang/", {"language": "en", "next": RECEIPT})
        assert switched["Location"] == RECEIPT
        english = client.get(RECEIPT).content.decode()
        assert grouped in english and "Thank you: your ballot is in the box" in english
        client.post("/text-size/", {"size": "large", "next": RECEIPT})
        large = client.get(RECEIPT).content.decode()
        assert grouped in large and 'class="text-large"' in large


def test_the_receipt_keeps_the_code_in_the_browser_not_in_the_session_or_a_url(
    scene, worker_a, resident, login
):
    # A session row holds the voter's id: with the tracking code beside it, it would join the two.
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    client = login(resident)
    with time_machine.travel(DURING, tick=False):
        sent = client.post(_ballot_url(scene), picks(scene))
        tracking = Ballot.objects.get().tracking_code
        assert sent["Location"] == RECEIPT
        assert tracking not in repr(dict(client.session.items()))
        assert tracking in client.get(RECEIPT).content.decode().replace("-", "")
        cookie = client.cookies["linli_receipt"]
        assert cookie["path"] == RECEIPT and cookie["httponly"] and cookie["max-age"] == 1800


def test_the_receipt_is_printable_and_links_to_the_board_with_when_it_is_published(scene, worker_a, client):
    with time_machine.travel(DURING, tick=False):
        _vote_with_code(scene, worker_a, client)
        page = _english(client).get(RECEIPT)
        body = page.content.decode()
        board = f"/governance/e/{scene.election.code}/r/1/board/"
        assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]
        assert f"http://testserver{board}" in body  # printed in full
        assert "published when voting closes, 2026-04-18 18:00" in body and f'href="{board}"' in body
        assert "data-print" in body and "<script>" not in body  # a button from a static script, no inline JS
        assert "2026-04-18 18:00" in _english(client).get(board).content.decode()


def test_forgetting_the_receipt_and_half_an_hour_later_it_is_gone(scene, worker_a, client):
    with time_machine.travel(DURING, tick=False):
        _vote_with_code(scene, worker_a, client)
        assert client.get(RECEIPT).status_code == 200
    with time_machine.travel(DURING + dt.timedelta(minutes=31), tick=False):
        gone = _english(client).get(RECEIPT)
        assert gone.status_code == 404 and "No receipt to show" in gone.content.decode()
    with time_machine.travel(DURING, tick=False):
        assert client.get(RECEIPT).status_code == 200
        forgot = client.post("/governance/vote/receipt/forget/")
        assert forgot.status_code == 302 and client.get(RECEIPT).status_code == 404


# ---------------------------------------------------------------------------------------------
# Dates with their times


def test_the_election_page_gives_each_round_its_dates_and_times(scene, worker_a, login):
    body = _english(login(worker_a)).get(f"/governance/e/{scene.election.code}/").content.decode()
    assert "opens 2026-04-18 08:00, closes 2026-04-18 18:00" in body


def test_the_ballot_says_until_when_voting_is_open(scene, resident, login):
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    with time_machine.travel(DURING, tick=False):
        body = _english(login(resident)).get(_ballot_url(scene)).content.decode()
    assert 'class="ballot"' in body and "until 2026-04-18 18:00" in body
    assert CLOSES.strftime("%Y-%m-%d %H:%M") == "2026-04-18 18:00"
