import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from linli.accounts.actions import user_create
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.areas.actions import areas_import_csv
from linli.areas.models import Area
from linli.ui.registries import DEMO_LOADERS

DEMO_CSV = Path(__file__).resolve().parents[3] / "areas" / "data" / "demo_areas.csv"
DEMO_PASSWORD = "linli-demo-2026"  # noqa: S105  (printed for the demo; never in production)

# username (or mobile for the resident), name, role, area code
DEMO_USERS: list[tuple[str, str, Role, str]] = [
    ("admin", "市民政局管理员", Role.CITY_ADMIN, "110000"),
    ("chaoyang", "朝阳区民政科", Role.DISTRICT_OFFICER, "110105"),
    ("jianwai", "建外街道一站式大厅", Role.STREET_OFFICER, "110105001000"),
    ("director_a", "幸福里社区主任", Role.DIRECTOR, "110105001001"),
    ("worker_a", "幸福里社区工作者", Role.WORKER, "110105001001"),
    ("worker_b", "光华里社区工作者", Role.WORKER, "110105001002"),
    ("agent", "96156热线坐席", Role.AGENT, "110000"),
    ("auditor_a", "幸福里民主理财小组", Role.AUDITOR, "110105001001"),
    ("13800000001", "王阿姨（居民）", Role.RESIDENT, "110105001001"),
]


class Command(BaseCommand):
    help = "Load the demo city and its users (idempotent: existing rows are left alone)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help="the moment the demo is laid out around (ISO 8601; default: the clock)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The one clock read: every demo date (registrations, elections, tickets) counts from it.
        now = options.get("now") or timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        result = areas_import_csv(actor=None, data=DEMO_CSV.read_bytes())
        if not result.ok:
            raise SystemExit(f"demo areas are invalid: {result.errors}")
        made = []
        with transaction.atomic():
            for i, (login, name, role, code) in enumerate(DEMO_USERS):
                is_phone = login.isdigit()
                exists = (
                    User.objects.filter(display_name=name).exists()
                    if is_phone
                    else User.objects.filter(username=login).exists()
                )
                if exists:
                    continue
                user_create(
                    actor=None,
                    display_name=name,
                    password=DEMO_PASSWORD,
                    username="" if is_phone else login,
                    phone=login if is_phone else f"1391000{i:04d}",
                    role=role,
                    area=Area.objects.get(code=code),
                )
                made.append(login)
        self.stdout.write(
            f"demo areas: {result.created} new, {result.unchanged + result.updated} already there"
        )
        self.stdout.write(f"demo users: {len(made)} new")
        # Each app's demo data, by its order key (the registry's households first: others read them).
        for loader in DEMO_LOADERS:
            loader.load(self.stdout, now)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for login, name, role, code in DEMO_USERS:
            self.stdout.write(f"  {login:<14} {role.label!s:<22} {name} @ {code}")
