from linli.governance.charter.actions import document_adopt, document_create


def test_convention_pages_show_the_differences(tree, worker_a, worker_b, login):
    from linli.governance.tests.test_meetings_actions import _adopted_motion

    doc = document_create(actor=worker_a, community=tree.community_a, kind="convention", title="居民公约")
    document_adopt(actor=worker_a, document=doc, text="第一条 甲", motion=_adopted_motion(tree, worker_a))
    motion = _adopted_motion(tree, worker_a)
    client = login(worker_a)
    url = f"/governance/d/{doc.code}/"
    assert client.get(url).status_code == 200
    assert login(worker_b).post(f"{url}adopt/", {"motion": motion.pk, "text": "第一条 丙"}).status_code == 404
    assert doc.versions.count() == 1
    assert client.post(f"{url}adopt/", {"motion": motion.pk, "text": "第一条 乙"}).status_code == 302
    diff = client.get(f"{url}v/2/").content.decode()
    assert '<li class="removed">' in diff and "第一条 乙" in diff
    assert login(worker_b).get(url).status_code == 404
    assert login(worker_b).get(f"{url}v/2/").status_code == 404
