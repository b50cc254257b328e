"""A name, mobile or ID number typed into a search never goes in a URL (access logs keep URLs):
the search is posted, the URL carries a handle kept in the session."""

from urllib.parse import parse_qs, urlsplit

from conftest import id_number

PHONE = "13600000001"


def test_a_search_by_phone_redirects_to_a_url_without_it_and_shows_the_match(household_a, worker_a, login):
    client = login(worker_a)
    resp = client.post("/registry/", {"q": "136 0000 0001", "status": "active"})
    url = resp["Location"]
    assert resp.status_code == 302 and "status=active" in url
    handle = parse_qs(urlsplit(url).query)["s"][0]
    assert "136" not in url.replace(handle, "") and len(handle) == 8
    html = client.get(url).content.decode()
    assert "王建国" in html and "李秀英" not in html
    assert f"s={handle}" in html  # the export link keeps the handle


def test_an_id_number_search_leaves_the_number_out_of_every_url_on_the_page(household_a, worker_a, login):
    client = login(worker_a)
    number = id_number("19520303", "022")
    resp = client.post("/registry/", {"q": number}, follow=True)
    assert "李秀英" in resp.content.decode()
    assert all(number not in url and "19520303" not in url for url, _status in resp.redirect_chain)


def test_a_handle_means_nothing_in_another_session(household_a, worker_a, login):
    url = login(worker_a).post("/registry/", {"q": PHONE})["Location"]
    other = login(worker_a).get(url)
    assert other.status_code == 200 and PHONE not in other.content.decode()


def test_the_export_behind_a_search_exports_only_its_match(household_a, worker_a, login):
    client = login(worker_a)
    query = client.post("/registry/", {"q": PHONE})["Location"].split("?")[1]
    resp = client.post(f"/registry/export/?{query}", {"format": "csv"})
    text = b"".join(resp.streaming_content).decode("utf-8-sig")
    assert "王建国" in text and "李秀英" not in text


def test_the_api_searches_by_a_term_in_the_body_only(household_a, worker_a, login):
    client = login(worker_a)
    body = client.post(
        "/api/v1/registry/residents/search", {"q": PHONE}, content_type="application/json"
    ).json()
    assert [r["name"] for r in body["items"]] == ["王建国"]
    listed = client.get("/api/v1/registry/residents", {"q": PHONE}).json()
    assert listed["count"] == 2  # the term in a URL is not a search
