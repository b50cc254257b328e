"""The journeys of issue 12, each in zh-Hans at 1280 and 390 px (normal and large text) and in English (conftest.VARIANTS).

Selectors are form field names, form actions and URLs, not visible text or layout, so that a
restyled page or a new translation does not break them.
"""

import re
import struct
import zlib

from playwright.sync_api import Page, expect

from e2e.conftest import RESIDENT, Journey

COMMUNITY = "110105001001"
TICKET_URL = re.compile(r"/tickets/(T[0-9A-Z]+)/$")
TICKET_CODE = re.compile(r"\bT[0-9A-Z]{9}\b")


def png(width: int = 8, height: int = 8) -> bytes:
    """A small valid PNG (a red square), made here rather than shipped."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def reveal(page: Page, form: str) -> None:
    """Open the disclosure (<details>) a form sits in, as a person would, if it is closed."""
    if not page.locator(form).first.is_visible():
        page.locator(f"details:has({form}) > summary").first.click()
    expect(page.locator(form).first).to_be_visible()


def submit(j: Journey, page: Page, form: str) -> None:
    """Press the submit button of the form matched by `form`, wait for the next page, check it."""
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()
    j.check(page)


def visit(j: Journey, page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    j.check(page)


def accept_and_resolve(j: Journey, page: Page, code: str, resolution: str) -> None:
    visit(j, page, f"/tickets/{code}/")
    reveal(page, 'form[action*="/accept/"]')
    submit(j, page, 'form[action*="/accept/"]')
    reveal(page, 'form[action*="/resolve/"]')
    page.locator('form[action*="/resolve/"] textarea[name=resolution]').fill(resolution)
    submit(j, page, 'form[action*="/resolve/"]')
    expect(page.locator('form[action*="/resolve/"]')).to_have_count(0)
    expect(page.locator("main")).to_contain_text(resolution)


def test_a_resident_reports_a_problem_with_a_photo_is_answered_and_evaluates_the_answer(journey: Journey):
    j = journey
    resident = j.person(RESIDENT)
    visit(j, resident, "/tickets/new/")
    form = "form:has(input[name=photo])"
    description = f"E2E 单元门禁坏了（{j.variant}）"
    resident.locator(f"{form} select[name=category]").select_option(str(j.server.data["category_pk"]))
    resident.locator(f"{form} textarea[name=description]").fill(description)
    resident.locator(f"{form} input[name=address]").fill("1号楼1单元")
    resident.locator(f"{form} input[name=photo]").set_input_files(
        {"name": "door.png", "mimeType": "image/png", "buffer": png()}
    )
    submit(j, resident, form)
    match = TICKET_URL.search(resident.url)
    assert match, resident.url
    code = match.group(1)
    expect(resident.locator("main")).to_contain_text(description)
    expect(
        resident.locator(
            'main a[href*="/tickets/attachments/"], main img[src*="/tickets/attachments/"]'
        ).first
    ).to_be_attached()

    worker = j.person("worker_a")
    accept_and_resolve(j, worker, code, f"已联系物业更换门禁（{j.variant}）")

    visit(j, resident, f"/tickets/{code}/")
    expect(resident.locator("main")).to_contain_text(f"已联系物业更换门禁（{j.variant}）")
    evaluate = 'form[action*="/evaluate/"]'
    reveal(resident, evaluate)
    resident.locator(f'{evaluate} input[name=resolved][value="1"]').check()
    resident.locator(f"{evaluate} input[name=satisfaction]").first.check()
    resident.locator(f"{evaluate} input[name=note]").fill("谢谢")
    submit(j, resident, evaluate)
    expect(resident.locator(evaluate)).to_have_count(0)


def test_a_worker_finds_a_new_request_accepts_it_and_resolves_it(journey: Journey):
    j = journey
    code = j.server.data["tickets"][j.index]
    worker = j.person("worker_a")
    visit(j, worker, "/tickets/")
    worker.locator("form:has(input[name=q]) input[name=q]").fill(code)
    submit(j, worker, "form:has(input[name=q])")
    with worker.expect_navigation():
        worker.locator(f'main a[href="/tickets/{code}/"]').first.click()
    j.check(worker)
    accept_and_resolve(j, worker, code, f"已更换楼道灯（{j.variant}）")


def test_a_hotline_agent_files_a_request_for_a_caller(journey: Journey):
    j = journey
    agent = j.person("agent")
    visit(j, agent, "/tickets/hotline/")
    lookup = 'form[action*="/hotline/lookup/"]'
    agent.locator(f"{lookup} input[name=phone]").fill("13600000011")
    agent.locator(f"{lookup} button[type=submit]").click()
    agent.wait_for_load_state("networkidle")
    j.check(agent)
    form = "form:has(textarea[name=description])"
    agent.locator(f"{form} select[name=community]").select_option(str(j.server.data["community_pk"]))
    agent.locator(f"{form} select[name=category]").select_option(str(j.server.data["category_pk"]))
    description = f"E2E 来电：小区路灯不亮（{j.variant}）"
    agent.locator(f"{form} textarea[name=description]").fill(description)
    before = set(TICKET_CODE.findall(agent.locator("body").inner_text()))
    submit(j, agent, form)
    # Back at the console, ready for the next call; the message names the new ticket.
    made = set(TICKET_CODE.findall(agent.locator("body").inner_text())) - before
    assert len(made) == 1, made
    visit(j, agent, f"/tickets/{made.pop()}/")
    expect(agent.locator("main")).to_contain_text(description)


def test_a_voter_votes_with_a_code_and_finds_a_tracking_code_on_the_board(journey: Journey):
    j = journey
    voter = j.person(None)
    visit(j, voter, "/governance/vote/")
    code = j.server.data["voting_codes"][j.index]
    # Typed as from the paper slip: lower case, in groups of four.
    voter.locator("input[name=credential]").fill(" ".join(code[i : i + 4] for i in range(0, 12, 4)).lower())
    submit(j, voter, "form:has(input[name=credential])")
    ballot = "form:has(input[type=checkbox])"
    for position in ("director", "deputy", "member"):
        voter.locator(f"{ballot} input[type=checkbox][name={position}]").first.check()
    submit(j, voter, ballot)
    tracking = re.search(r"\b[0-9A-Z]{4}-?[0-9A-Z]{4}-?[0-9A-Z]{4}\b", voter.locator("main").inner_text())
    assert tracking, voter.locator("main").inner_text()

    # The previous election's board is published: the demo resident's ballot is on it (README).
    # Found as a voter would: the community's self-government page links each published board.
    visit(j, voter, f"/governance/c/{COMMUNITY}/")
    with voter.expect_navigation():
        voter.locator(f'main a[href$="/e/{j.server.data["past_election"]}/r/1/board/"]').first.click()
    j.check(voter)
    voter.locator("input[name=code]").fill("wang-dema-2026")
    submit(j, voter, "form:has(input[name=code])")
    # The ballot is found and counted; its choices are encrypted, so the board never shows them.
    expect(voter.locator(".ok-box")).to_be_visible()
    expect(voter.locator(".ok-box")).not_to_contain_text("李建华")


def test_a_director_approves_a_ledger_entry_and_it_appears_on_the_public_board(journey: Journey):
    j = journey
    code = j.server.data["entries"][j.index]
    director = j.person("director_a")
    visit(j, director, f"/finance/c/{COMMUNITY}/")
    with director.expect_navigation():
        director.locator(f'main a[href="/finance/e/{code}/"]').first.click()
    j.check(director)
    reveal(director, 'form[action*="/approve/"]')
    submit(j, director, 'form[action*="/approve/"]')
    expect(director.locator('form[action*="/approve/"]')).to_have_count(0)

    public = j.person(None)
    visit(j, public, f"/public/{COMMUNITY}/finance/")
    expect(public.locator("main")).to_contain_text(f"E2E 购买灭火器 {j.index}")


def _csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    header = "楼栋,房屋,与户主关系,户类别,姓名,身份证号,手机号,民族,户籍地,就业状况,关爱标签\n"
    lines = [f"1号楼,{d},{rel},户籍,{name},{idn},,汉族,北京市朝阳区,," for d, rel, name, idn in rows]
    return ("\ufeff" + header + "\n".join(lines) + "\n").encode()


def _id_number(birth: str, seq: int) -> str:
    from linli.common.idnumber import check_character

    first17 = f"110105{birth}{seq:03d}"
    return first17 + check_character(first17)


def test_a_worker_imports_a_csv_sees_the_bad_line_fixes_it_and_imports_it(journey: Journey):
    j = journey
    worker = j.person("worker_a")
    visit(j, worker, "/registry/import/")
    dwelling = f"9-{901 + j.index}"
    good = (dwelling, "户主", f"导入甲{j.index}", _id_number("19700101", 700 + j.index))
    bad = (dwelling, "配偶", f"导入乙{j.index}", "110105197001017999")  # wrong check character
    fixed = (dwelling, "配偶", f"导入乙{j.index}", _id_number("19720202", 800 + j.index))
    form = "form:has(input[name=file])"

    def upload(data: bytes) -> None:
        visit(j, worker, "/registry/import/")
        worker.locator(f"{form} input[name=file]").set_input_files(
            {"name": "residents.csv", "mimeType": "text/csv", "buffer": data}
        )
        submit(j, worker, form)
        expect(worker.locator("#job[hx-trigger]")).to_have_count(0)  # no longer running
        j.check(worker)

    upload(_csv([good, bad]))
    errors = worker.locator("#job [role=alert] li")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")  # line 3: the header is line 1

    upload(_csv([good, fixed]))
    expect(worker.locator("#job [role=alert]")).to_have_count(0)
    import_now = worker.locator('#job form[action*="/registry/import/"]')
    if import_now.count():  # a check first (dry run): then the import itself
        submit(j, worker, '#job form[action*="/registry/import/"]')
        expect(worker.locator("#job[hx-trigger]")).to_have_count(0)
        j.check(worker)
    expect(worker.locator('#job form[action*="/registry/import/"]')).to_have_count(0)
    expect(worker.locator("#job [role=alert]")).to_have_count(0)
