"""Area codes typed in full width are stored and looked up in ASCII (issue 10, item 7)."""

from linli.areas.models import Area
from linli.common.tests.fullwidth import full_width


def test_an_area_created_with_a_full_width_code_is_stored_in_ascii_and_found_again(
    tree, district_officer, login
):
    client = login(district_officer)
    created = client.post(
        "/api/v1/areas",
        {"code": full_width("110105003000"), "name": "新街道"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert Area.objects.get(name="新街道").code == "110105003000"
    assert client.get(f"/api/v1/areas/{full_width('110105003000')}").json()["name"] == "新街道"
    twin = client.post(
        "/api/v1/areas", {"code": "110105003000", "name": "又一个"}, content_type="application/json"
    )
    assert twin.status_code == 400 and twin.json()["code"] == "area_exists"
