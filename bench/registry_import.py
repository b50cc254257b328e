"""Importing residents from CSV and XLSX: rows/s and peak memory; on PostgreSQL also ÷ raw COPY.

Each import runs in a fresh child process, so its peak RSS is its own. Two file sizes show
whether memory stays flat as the file grows. On PostgreSQL, the same CSV file is also COPYed
as-is into a bare table with the file's columns (text, no index) in the same run: the ceiling
any import of that file could reach.
"""

import csv
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, parser, setup_django

DATA = ROOT / "var" / "bench"
HEADER = ["楼栋", "房屋", "与户主关系", "户类别", "姓名", "身份证号", "手机号", "民族", "户籍地", "就业状况"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_for(n: int) -> str:
    """A distinct valid ID number for every n < 36,500,000 (birth date, sequence)."""
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=n % 29_000)
    first17 = f"110105{birth:%Y%m%d}{n // 29_000 % 1000:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def rows(n: int, offset: int):
    relations = ("户主", "配偶", "子女")
    for i in range(n):
        k = offset + i
        yield [
            f"{k // 3000 % 20 + 1}号楼",
            f"{k // 3 % 1000 + 1}",
            relations[i % 3],
            "户籍",
            SURNAMES[k % 20] + GIVEN[k // 20 % 24] + GIVEN[k // 480 % 24],
            id_for(k),
            f"13{k % 1_000_000_000:09d}",
            "汉族",
            "北京市朝阳区",
            "",
        ]


def make_csv(path: Path, n: int, offset: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows(n, offset))


def make_xlsx(path: Path, n: int, offset: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民")
    ws.append(HEADER)
    for r in rows(n, offset):
        ws.append(r)
    wb.save(path)


def child(database_url: str, path: str, community_code: str) -> None:
    """Run one import in this process and print its figures as JSON."""
    import resource

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    from linli.areas.models import Area
    from linli.registry.importing import reader_for, residents_import

    community = Area.objects.get(code=community_code)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    p = Path(path)
    result = residents_import(actor=None, community=community, source=reader_for(p, p.suffix[1:]))
    seconds = time.perf_counter() - start
    assert result.written, result.errors[:5]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": result.rows, "seconds": seconds, "rss_start_mb": before, "rss_peak_mb": peak}))


def run_child(database_url: str, path: Path, community: str) -> dict:
    out = subprocess.run(  # noqa: S603  (our own script)
        [sys.executable, __file__, "--child", database_url, str(path), community],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def raw_copy(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_bare_import")
        c.execute(
            "CREATE TABLE bench_bare_import (" + ", ".join(f"c{i} text" for i in range(len(HEADER))) + ")"
        )
    start = time.perf_counter()
    with (
        connection.cursor() as c,
        c.cursor.copy("COPY bench_bare_import FROM STDIN WITH (FORMAT csv, HEADER true)") as cp,
        path.open("rb") as f,
    ):
        while chunk := f.read(1 << 20):
            cp.write(chunk)
    return time.perf_counter() - start


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    p = parser(__doc__ or "")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--small", type=int, default=10_000, help="a smaller file, to see memory stay flat")
    args = p.parse_args()
    setup_django(args.database_url)
    from django.db import connection

    from linli.areas.actions import area_create
    from linli.registry.actions import building_create

    for code, name in (("110000", "北京市"), ("110105", "朝阳区"), ("110105001000", "建外街道")):
        area_create(actor=None, code=code, name=name)
    communities = []
    for i in range(1, 5):
        c = area_create(actor=None, code=f"110105001{i:03d}", name=f"社区{i}")
        for b in range(1, 21):
            building_create(actor=None, community=c, name=f"{b}号楼")
        communities.append(c.code)
    DATA.mkdir(parents=True, exist_ok=True)
    files = [
        ("csv", args.small, DATA / "import_small.csv", make_csv),
        ("csv", args.rows, DATA / "import.csv", make_csv),
        ("xlsx", args.small, DATA / "import_small.xlsx", make_xlsx),
        ("xlsx", args.rows, DATA / "import.xlsx", make_xlsx),
    ]
    offset = 0
    results = []
    for (fmt, n, path, make), community in zip(files, communities, strict=True):
        t = time.perf_counter()
        make(path, n, offset)
        print(f"made {path.name} ({n} rows) in {time.perf_counter() - t:.1f} s", flush=True)
        offset += n
        r = run_child(args.database_url, path, community)
        results.append((fmt, n, r))
        print(
            f"{connection.vendor}: {fmt} {n} rows: {r['seconds']:.2f} s, {r['rows'] / r['seconds']:.0f} rows/s, "
            f"peak RSS {r['rss_peak_mb']:.0f} MB (after start-up {r['rss_start_mb']:.0f} MB, "
            f"+{r['rss_peak_mb'] - r['rss_start_mb']:.0f} MB)",
            flush=True,
        )
    if connection.vendor == "postgresql":
        csv_big = next(r for fmt, n, r in results if fmt == "csv" and n == args.rows)
        seconds = raw_copy(DATA / "import.csv")
        copy_rate = args.rows / seconds
        rate = csv_big["rows"] / csv_big["seconds"]
        print(
            f"postgresql: raw COPY of import.csv into a bare table: {seconds:.2f} s, {copy_rate:.0f} rows/s"
        )
        print(f"postgresql: import ÷ COPY (CSV, {args.rows} rows) = {rate / copy_rate:.2f}")


if __name__ == "__main__":
    main()
