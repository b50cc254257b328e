"""Importing residents from CSV and XLSX: rows/s and peak memory; on PostgreSQL also ÷ raw COPY.

Each import runs in a fresh child process, so its peak RSS is its own. Two file sizes show
whether memory stays flat as the file grows. On PostgreSQL, the same CSV file is also COPYed
as-is into a bare table with the file's columns (text, no index) in the same run: the ceiling
any import of that file could reach. Two more references: the rows the import stored, COPYed back
into registry_resident with all its indexes and foreign keys (what storing them costs, however
they are computed: the floor of any import into the live table), and the per-person crypto alone
(two encryptions, two blind indexes) timed in one process.
"""

import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, connect_django, parser, setup_django

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
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    from linli.areas.models import Area
    from linli.registry.importing import reader_for, residents_import

    community = Area.objects.get(code=community_code)
    before = peak_rss_mb()
    start = time.perf_counter()
    p = Path(path)
    result = residents_import(actor=None, community=community, source=reader_for(p, p.suffix[1:]))
    seconds = time.perf_counter() - start
    assert result.written, result.errors[:5]
    peak = peak_rss_mb()
    print(json.dumps({"rows": result.rows, "seconds": seconds, "rss_start_mb": before, "rss_peak_mb": peak}))


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child would
    report its parent's peak (the parent holds more than a fresh import does)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def final_rows_copy(community_code: str) -> dict[str, float]:
    """Seconds to COPY the rows an import stored, as stored (encrypted, blind-indexed), back in.

    "table": into registry_resident itself, every index maintained and the foreign keys checked
    before the commit: what storing these rows costs whatever computes them, the floor of any
    import. The import's rows are taken out first (their households' heads unset, rows deleted,
    VACUUM), so the table is as it was when the import ran; the heads are restored after.
    "bare": into a copy of the table's columns without index or constraint.
    """
    import tempfile

    from django.db import connection, transaction

    from linli.areas.models import Area
    from linli.registry.models import Resident

    community = Area.objects.get(code=community_code).pk
    cols = ", ".join(f.column for f in Resident._meta.concrete_fields if not getattr(f, "generated", False))
    out: dict[str, float] = {}
    with tempfile.TemporaryFile() as f:
        with connection.cursor() as c:
            query = f"SELECT {cols} FROM registry_resident WHERE community_id = {community} ORDER BY id"  # noqa: S608
            with c.cursor.copy(f"COPY ({query}) TO STDOUT") as cp:
                for data in cp:
                    f.write(data)
            c.execute("DROP TABLE IF EXISTS bench_final_bare")
            c.execute("CREATE TABLE bench_final_bare (LIKE registry_resident)")

        def copy_in(table: str) -> float:
            f.seek(0)
            start = time.perf_counter()
            with transaction.atomic():
                with connection.cursor() as c, c.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                    while chunk := f.read(1 << 20):
                        cp.write(chunk)
                with connection.cursor() as c:
                    c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return time.perf_counter() - start

        out["bare"] = copy_in("bench_final_bare")
        with connection.cursor() as c:
            c.execute("DROP TABLE bench_final_bare")
            c.execute(
                "CREATE TEMPORARY TABLE bench_heads AS SELECT id, head_id FROM registry_household"
                " WHERE community_id = %s",
                [community],
            )
            c.execute("UPDATE registry_household SET head_id = NULL WHERE community_id = %s", [community])
            c.execute("DELETE FROM registry_resident WHERE community_id = %s", [community])
            c.execute("VACUUM ANALYZE registry_resident")
        out["table"] = copy_in("registry_resident")
        with connection.cursor() as c:
            c.execute(
                "UPDATE registry_household h SET head_id = b.head_id FROM bench_heads b WHERE h.id = b.id"
            )
            c.execute("DROP TABLE bench_heads")
    return out


def crypto_child(path: str) -> None:
    """Time the per-person crypto alone over a file (two encryptions, two blind indexes); print JSON.

    In a child process, like the imports: the file's values in memory would otherwise raise the
    parent's peak RSS, which the next child inherits.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    from linli.common.crypto import blind_index, encrypt

    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        people = [(r[5], r[6]) for r in rows]
    start = time.perf_counter()
    for id_number, phone in people:
        encrypt(id_number)
        encrypt(phone)
        blind_index("id_number", id_number)
        blind_index("phone", phone)
    print(json.dumps({"seconds": time.perf_counter() - start}))


def crypto_floor(path: Path) -> float:
    out = subprocess.run(  # noqa: S603  (our own script)
        [sys.executable, __file__, "--crypto", str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--crypto":
        crypto_child(sys.argv[2])
        return
    p = parser(__doc__ or "")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--small", type=int, default=10_000, help="a smaller file, to see memory stay flat")
    p.add_argument("--repeat", type=int, default=1, help="import the large CSV this many times (medians)")
    p.add_argument("--csv-only", action="store_true", help="skip the XLSX files")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="import into new communities of an existing city (bench/city.py), its registry full",
    )
    args = p.parse_args()
    if args.reuse:
        connect_django(args.database_url)
    else:
        setup_django(args.database_url)
    from django.db import connection

    from linli.areas.actions import area_create
    from linli.registry.actions import building_create

    pg = connection.vendor == "postgresql"
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    street = "110105001"
    offset = 0
    if args.reuse:
        from linli.areas.models import Area
        from linli.registry.models import Resident

        first = Area.objects.filter(level="street", code__startswith="110105").order_by("code").first()
        assert first is not None, "no city here: run bench/city.py first"
        street = first.code[:9]
        # Sequence numbers 500+ in the ID numbers: the city's own stay far below (bench/city.py).
        offset = 500 * 29_000
        print(
            f"into the city's street {first.code}: {Resident.objects.count():,} residents already", flush=True
        )
    else:
        for code, name in (("110000", "北京市"), ("110105", "朝阳区"), ("110105001000", "建外街道")):
            area_create(actor=None, code=code, name=name)
    DATA.mkdir(parents=True, exist_ok=True)
    files = [("csv", args.small, DATA / "import_small.csv", make_csv)]
    files += [("csv", args.rows, DATA / "import.csv", make_csv)] * max(1, args.repeat)
    if not args.csv_only:
        files += [
            ("xlsx", args.small, DATA / "import_small.xlsx", make_xlsx),
            ("xlsx", args.rows, DATA / "import.xlsx", make_xlsx),
        ]
    big: list[dict[str, float]] = []
    for i, (fmt, n, path, make) in enumerate(files, start=1):
        code = f"{street}{i:03d}"
        if args.reuse:  # the next free code from 901 (an earlier run's communities stay)
            from linli.areas.models import Area

            code = f"{street}{900 + i + Area.objects.filter(code__startswith=f'{street}9').count():03d}"
        community = area_create(actor=None, code=code, name=f"社区{i}")
        for b in range(1, 21):
            building_create(actor=None, community=community, name=f"{b}号楼")
        t = time.perf_counter()
        make(path, n, offset)
        print(f"made {path.name} ({n} rows) in {time.perf_counter() - t:.1f} s", flush=True)
        offset += n
        r = run_child(args.database_url, path, community.code)
        print(
            f"{connection.vendor}: {fmt} {n} rows: {r['seconds']:.2f} s, {r['rows'] / r['seconds']:.0f} rows/s, "
            f"peak RSS {r['rss_peak_mb']:.0f} MB (after start-up {r['rss_start_mb']:.0f} MB, "
            f"+{r['rss_peak_mb'] - r['rss_start_mb']:.0f} MB)",
            flush=True,
        )
        if fmt != "csv" or n != args.rows:
            continue
        figures = {"import": r["seconds"], "crypto": crypto_floor(path)}
        if pg:
            figures["raw"] = raw_copy(path)
            figures.update(final_rows_copy(community.code))
            print(
                f"  raw COPY of {path.name} into a bare text table: {figures['raw']:.2f} s; "
                f"COPY of the stored rows into registry_resident: {figures['table']:.2f} s "
                f"(into a bare copy of its columns: {figures['bare']:.2f} s)",
                flush=True,
            )
        big.append(figures)

    def median(key: str) -> float:
        return statistics.median(f[key] for f in big)

    def rate(key: str) -> float:
        return args.rows / median(key)

    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"medians over {len(big)} import(s) of {args.rows} CSV rows:")
    print(f"  import: {rate('import'):.0f} rows/s ({median('import') / args.rows * 1e6:.1f} µs/row)")
    print(
        f"  crypto alone (2 encryptions + 2 blind indexes per row, one process): {rate('crypto'):.0f} rows/s "
        f"({median('crypto') / args.rows * 1e6:.1f} µs/row)"
    )
    if pg:
        print(f"  raw COPY of the CSV into a bare text table: {rate('raw'):.0f} rows/s")
        print(f"  COPY of the stored rows into a bare copy of registry_resident: {rate('bare'):.0f} rows/s")
        print(f"  COPY of the stored rows into registry_resident (indexes, FKs): {rate('table'):.0f} rows/s")
        print(f"postgresql: import ÷ raw COPY (CSV, {args.rows} rows) = {rate('import') / rate('raw'):.3f}")
        print(
            f"postgresql: import ÷ COPY of the stored rows into the table = {rate('import') / rate('table'):.3f}"
        )
        print(
            f"postgresql: COPY of the stored rows into the table ÷ raw COPY = {rate('table') / rate('raw'):.3f}"
        )


if __name__ == "__main__":
    main()
