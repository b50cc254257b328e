"""What people see on the foundation pages: errors tied to fields, one current nav entry,
readable audit actions, messages in the user's language."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from linli.accounts.models import User
from linli.audit.chain import record


def _input(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_only_people_is_current_on_a_people_page(tree, street_officer, login):
    page = login(street_officer).get("/account/people/new/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', page)
    assert current == ["/account/people/"]


def test_my_account_is_current_on_the_account_page(tree, worker_a, login):
    page = login(worker_a).get("/account/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', page) == ["/account/"]


def test_new_account_shows_every_bad_field_at_once_tied_to_its_input(tree, street_officer, login):
    response = login(street_officer).post(
        "/account/people/new/",
        {
            "display_name": "新居民",
            "phone": "1380000",
            "password": "123",
            "role": "resident",
            "area_code": "110105001001",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    phone = _input(page, "phone")
    assert 'aria-invalid="true"' in phone and 'aria-describedby="id_phone_error"' in phone
    password = _input(page, "password")
    assert 'aria-invalid="true"' in password
    assert "id_password_error" in password and "id_password_helptext" in password
    assert 'id="id_phone_error"' in page and 'id="id_password_error"' in page
    assert "11 位手机号" in page
    assert "密码太短：请至少使用 10 个字符。" in page
    assert 'value="1380000"' in page and 'value="新居民"' in page
    assert not User.objects.filter(display_name="新居民").exists()


def test_password_change_rules_are_in_chinese(tree, worker_a, login):
    page = login(worker_a).get("/account/password/").content.decode()
    assert "您的密码至少要有 10 个字符。" in page
    assert "Your password" not in page


def test_too_short_password_is_explained_in_english_too(tree, worker_a, login):
    client = login(worker_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(
        "/account/password/",
        {"old_password": "x", "new_password1": "abc1", "new_password2": "abc1"},
    )
    assert "The password is too short: use at least 10 characters." in response.content.decode()


def test_checkbox_sits_inside_its_label_before_the_text(tree, city_admin, login):
    # The whole label is the touch target (issue 12): the box first, then its words.
    page = login(city_admin).get("/areas/import/").content.decode()
    block = re.search(r'<div class="field check">(.*?)</div>', page, re.S).group(1)
    label = re.search(r'<label for="id_dry_run">(.*?)</label>', block, re.S).group(1)
    assert label.index('type="checkbox"') < label.index("<span>")


def test_import_lists_each_bad_line_in_one_sentence(tree, city_admin, login):
    f = SimpleUploadedFile("a.csv", "代码,名称\n110105001001,甲\n1234,坏\n".encode())
    page = login(city_admin).post("/areas/import/", {"file": f}).content.decode()
    assert "<li>第 3 行：" in page


def test_area_form_asks_for_a_name_not_a_persons_name(tree, district_officer, login):
    page = login(district_officer).get("/areas/110105001000/").content.decode()
    assert '<label for="id_name">名称' in page
    assert "区划代码：110105001000" in page


def test_audit_log_names_actions_in_words(tree, worker_a, street_officer, login):
    record(actor=worker_a, action="accounts.login.succeeded", obj=worker_a, area=tree.community_a)
    page = login(street_officer).get("/audit/").content.decode()
    assert "登录成功" in page and "accounts.login.succeeded" in page
    client = login(street_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/audit/").content.decode()
    assert 'lang="en"' in english and "Signed in" in english


def test_reveal_without_reason_answers_htmx_with_the_error(tree, worker_a, resident, login):
    url = f"/account/reveal/accounts.user.phone/{resident.pk}/"
    response = login(worker_a).post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    # htmx only swaps 2xx answers; a 400 would leave the user with no message at all.
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and "id_reason_error" in page
    assert "13800000001" not in page


def test_reveal_page_back_link_returns_where_the_user_came_from(tree, worker_a, resident, login):
    url = f"/account/reveal/accounts.user.phone/{resident.pk}/"
    came_from = f"http://testserver/account/people/{resident.pk}/"
    page = login(worker_a).get(url, HTTP_REFERER=came_from).content.decode()
    assert f'class="back" href="{came_from}"' in page
    off_site = login(worker_a).get(url, HTTP_REFERER="https://evil.example/").content.decode()
    assert 'class="back" href="/"' in off_site


def test_role_tags_start_with_a_capital_in_english(tree, worker_a, login):
    client = login(worker_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<span class="tag">Community worker</span>' in client.get("/").content.decode()


def test_no_navigation_before_the_second_step(tree, worker_a, login):
    page = login(worker_a, verified=False).get("/account/two-factor/").content.decode()
    assert _nav_links(page) == []
    assert "退出登录" in page  # signing out stays possible


def test_authenticator_key_is_shown_in_groups_of_four(tree, worker_a, login):
    page = login(worker_a, verified=False).get("/account/two-factor/").content.decode()
    key = re.search(r'<span class="secret">([^<]+)</span>', page).group(1)
    groups = key.split(" ")
    assert len(groups) > 1 and all(len(g) == 4 for g in groups[:-1])


def _nav_links(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', page, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(1)) if nav else []


def test_role_choices_start_with_a_capital_in_english(tree, street_officer, login):
    client = login(street_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/account/people/new/").content.decode()
    assert '<option value="worker">Community worker</option>' in page


def test_reveal_without_reason_says_why_in_chinese(tree, worker_a, resident, login):
    url = f"/account/reveal/accounts.user.phone/{resident.pk}/"
    page = login(worker_a).post(url, {"reason": ""}).content.decode()
    assert "请写明查看理由" in page


def test_each_revoke_button_names_its_token(tree, worker_a, login):
    from linli.accounts.actions import api_token_create

    api_token_create(actor=worker_a, name="同步脚本")
    page = login(worker_a).get("/account/").content.decode()
    assert re.search(r'撤销<span class="visually-hidden"> 同步脚本</span></button>', page)


def test_lockout_page_says_how_many_minutes_to_wait(worker_a, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/login/", {"username": "worker_a", "password": "wrong-password"})
    page = client.post("/account/login/", {"username": "worker_a", "password": "x"}).content.decode()
    assert "请 15 分钟后再试" in page and "PT15M" not in page


def test_breadcrumbs_only_when_there_is_somewhere_to_go_back_to(tree, district_officer, login):
    client = login(district_officer)
    assert 'class="breadcrumbs"' not in client.get("/areas/110105/").content.decode()
    street = client.get("/areas/110105001000/").content.decode()
    assert 'class="breadcrumbs"' in street and 'href="/areas/110105/"' in street


def test_resident_home_shows_no_area_codes(tree, resident, worker_a, login):
    assert "110105001001" not in login(resident).get("/").content.decode()
    assert "110105001001" in login(worker_a).get("/").content.decode()


def test_failed_sign_in_shows_the_masked_login_tried(tree, resident, city_admin, client, login):
    client.post("/account/login/", {"username": "13800000001", "password": "wrong"})
    page = login(city_admin).get("/audit/").content.decode()
    row = re.search(r"<tr>(?:(?!</tr>).)*accounts\.login\.failed.*?</tr>", page, re.S).group(0)
    assert "登录失败" in row and "138****0001" in row and "13800000001" not in page
