import os

import pytest
from django.db import transaction

from linli.common import jobs

CALLS: list[str] = []


def remember(value: str) -> None:
    CALLS.append(value)


def write_file(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@pytest.fixture(autouse=True)
def clear():
    CALLS.clear()


@pytest.mark.django_db(transaction=True)
def test_immediate_backend_runs_after_commit_only():
    with transaction.atomic():
        jobs.enqueue(remember, "x")
        assert CALLS == []
    assert CALLS == ["x"]


@pytest.mark.django_db(transaction=True)
def test_immediate_backend_drops_jobs_of_rolled_back_transactions():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue(remember, "y")
        raise RuntimeError
    assert CALLS == []


def test_periodic_sweeps_register_and_run_once():
    @jobs.periodic(seconds=60)
    def sweep() -> None:
        CALLS.append("swept")

    try:
        names = jobs.run_periodic_once()
        assert any(n.endswith("sweep") for n in names)
        assert CALLS.count("swept") == 1
    finally:
        jobs.PERIODIC.pop(f"{sweep.__module__}.{sweep.__qualname__}")


@pytest.mark.django_db(transaction=True)
def test_rq_backend_puts_the_job_on_redis_and_a_worker_runs_it(settings, tmp_path):
    redis = pytest.importorskip("redis")
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis here")
    import django_rq
    from rq import SimpleWorker

    settings.LINLI_JOBS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": url}}
    queue = django_rq.get_queue("default")
    queue.empty()
    marker = tmp_path / "ran"
    with transaction.atomic():
        jobs.enqueue(write_file, str(marker), "done")
    assert queue.count == 1
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert marker.read_text() == "done"
