def test_public_api_needs_no_sign_in(tree, client):
    r = client.get(f"/api/v1/governance/public/{tree.community_a.code}")
    assert r.status_code == 200 and r.json()["community"]["name"] == "甲社区"
    assert client.get("/api/v1/governance/elections").status_code == 401
