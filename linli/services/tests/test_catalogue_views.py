"""The catalogue's pages: city admins add and change entries; everyone else reads, and gets 404
on the edit pages."""

import pytest

from linli.audit.models import AuditEvent
from linli.services.models import ServiceType

NEW = {
    "code": "laundry-pickup",
    "category": "laundry",
    "name": "洗衣上门取送",
    "name_en": "Laundry picked up at home",
    "price": "30.50",
    "subsidy": "0",
    "accept_minutes": "30",
    "response_hours": "4",
    "completion_days": "3",
    "channels": ["portal", "hotline"],
    "is_active": "on",
}


def test_a_city_admin_adds_a_service_in_yuan_and_it_is_kept_in_fen(scene, city_admin, login):
    client = login(city_admin)
    assert client.get("/services/catalogue/new/").status_code == 200
    response = client.post("/services/catalogue/new/", NEW)
    assert response.status_code == 302
    laundry = ServiceType.objects.get(code="laundry-pickup")
    assert (laundry.price_fen, laundry.channels) == (3050, "portal,hotline")
    assert AuditEvent.objects.filter(action="services.service_type.created", actor=city_admin).exists()


def test_a_subsidy_over_the_price_stays_on_the_form_as_typed(scene, city_admin, login):
    response = login(city_admin).post("/services/catalogue/new/", {**NEW, "subsidy": "99"})
    assert response.status_code == 400
    assert "洗衣上门取送" in response.content.decode()
    assert not ServiceType.objects.filter(code="laundry-pickup").exists()


def test_a_city_admin_changes_an_entry_but_not_its_code(scene, city_admin, login):
    client = login(city_admin)
    form = client.get("/services/catalogue/repair-water/")
    assert "水电维修" in form.content.decode()
    response = client.post(
        "/services/catalogue/repair-water/", {**NEW, "code": "hijack", "name": "水电维修（新）"}
    )
    assert response.status_code == 302
    assert ServiceType.objects.get(code="repair-water").name == "水电维修（新）"
    assert not ServiceType.objects.filter(code="hijack").exists()


@pytest.mark.parametrize("who", ["worker_a", "street_officer", "resident"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/services/catalogue/new/"),
        ("post", "/services/catalogue/new/"),
        ("post", "/services/catalogue/repair-water/"),
    ],
)
def test_everyone_else_gets_404_on_the_edit_pages(scene, request, login, who, method, url):
    client = login(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    assert getattr(client, method)(url, NEW if method == "post" else None).status_code == 404
    assert AuditEvent.objects.count() == before
    assert client.get("/services/catalogue/").status_code == 200
