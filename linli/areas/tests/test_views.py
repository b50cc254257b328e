from linli.areas.models import Area


def test_worker_sees_own_community_and_not_the_sibling(tree, worker_a, login):
    client = login(worker_a)
    assert client.get("/areas/110105001001/").status_code == 200
    assert client.get("/areas/110105001002/").status_code == 404
    assert client.get("/areas/110105001000/").status_code == 404


def test_street_officer_sees_both_communities(tree, street_officer, login):
    client = login(street_officer)
    page = client.get("/areas/110105001000/").content.decode()
    assert "甲社区" in page and "乙社区" in page
    assert client.get("/areas/110105002001/").status_code == 404


def test_resident_cannot_browse_areas(tree, resident, login):
    assert login(resident).get("/areas/110105001001/").status_code == 404


def test_worker_cannot_add_an_area_through_the_page(tree, worker_a, login):
    response = login(worker_a).post("/areas/110105001001/", {"code": "110105001001-05", "name": "x"})
    assert response.status_code == 404
    assert not Area.objects.filter(code="110105001001-05").exists()


def test_bad_code_keeps_what_was_typed_and_explains(tree, district_officer, login):
    client = login(district_officer)
    response = client.post(
        "/areas/110105001000/", {"code": "11010500100", "name": "新社区"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="11010500100"' in page and 'value="新社区"' in page
    assert 'aria-invalid="true"' in page
    assert not Area.objects.filter(name="新社区").exists()


def test_district_officer_adds_a_community(tree, district_officer, login):
    response = login(district_officer).post(
        "/areas/110105001000/", {"code": "110105001009", "name": "新社区"}
    )
    assert response.status_code == 302
    assert Area.objects.get(code="110105001009").parent == tree.street


def test_import_page_reports_bad_lines(tree, city_admin, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("a.csv", "代码,名称\n110105001001,甲\n1234,坏\n".encode())
    response = login(city_admin).post("/areas/import/", {"file": f})
    assert response.status_code == 400
    assert "3" in response.content.decode()
    assert Area.objects.get(code="110105001001").name == "甲社区"
