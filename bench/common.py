"""Shared set-up for benchmarks: Django on a throw-away database, timers, memory."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--database-url",
        default=f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}",
        help="a fresh database is made (SQLite file removed / PostgreSQL database dropped and created)",
    )
    return p


def setup_django(database_url: str) -> None:
    """Point Django at a fresh database and migrate it."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    elif database_url.startswith("postgres"):
        import psycopg

        base, _, name = database_url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def from_template(url: str, template: str = "") -> None:
    """A fresh database cloned from `<name>_tpl`, migrated once (migrating takes minutes here)."""
    import psycopg

    base, _, name = url.rpartition("/")
    template = template or f"{name}_tpl"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            conn.execute(f'CREATE DATABASE "{template}"')
            env = dict(
                os.environ, DATABASE_URL=f"{base}/{template}", DJANGO_SETTINGS_MODULE="linli.settings.test"
            )
            subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)  # noqa: S603
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)  # a no-op unless migrations came after the template


def connect_django(database_url: str) -> None:
    """Point Django at an existing database (a benchmark's `--reuse`, e.g. the city of bench/city.py)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()


@contextmanager
def timer() -> Any:
    box = {"seconds": 0.0}
    start = time.perf_counter()
    yield box
    box["seconds"] = time.perf_counter() - start


def repeat(fn: Callable[[], Any], n: int) -> list[float]:
    """Run fn n times; the wall time of each run in milliseconds."""
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> str:
    qs = statistics.quantiles(ms, n=100) if len(ms) >= 2 else ms * 99
    return f"median {statistics.median(ms):.2f} ms, p95 {qs[94]:.2f} ms, p99 {qs[98]:.2f} ms (n={len(ms)})"


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_gunicorn(settings_module: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """gunicorn serving linli on 127.0.0.1:`port` with the benchmark's settings module."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=f"{BENCH}:{ROOT}")
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    command = [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen([*command, "linli.wsgi:application"], env=env, cwd=str(BENCH))  # noqa: S603


def wait_http(url: str, seconds: int = 180) -> None:
    """Until `url` answers: gunicorn's workers boot slowly on a loaded machine."""
    import urllib.request

    for _ in range(seconds):
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(1)
