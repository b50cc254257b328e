"""Signing in with what a Chinese input method types: full-width digits and spaces (issue 10, item 7)."""

from conftest import PASSWORD
from linli.common.tests.fullwidth import full_width


def test_resident_signs_in_with_a_full_width_mobile_number(resident, client):
    typed = full_width("138 0000 0001")
    response = client.post("/account/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_staff_sign_in_with_a_full_width_username(worker_a, client):
    response = client.post("/account/login/", {"username": full_width("worker_a"), "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] != "/account/login/"
