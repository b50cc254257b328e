"""The public board of a 100,000-ballot round (issue 20): the page and the download.

    make bench B=governance_board ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_h20_board --ballots 100000"

Sets up the election of bench/governance.py (k = 3 of n = 5 trustees, 8 candidates), encrypts
`--distinct` real ballots (9 ciphertexts with proofs each, ~22 KB) and loads `--ballots` of them
(reused cyclically under fresh tracking codes) with COPY, chained in tracking-code order as a
close leaves them, the round marked counted. Then, through Django's test client (the whole
request: middleware, queries, template):

1. the board page `/governance/e/<code>/r/1/board/` (100 rows a page): first page, a middle page,
   a tracking-code lookup — each `--runs` times, median;
2. the download `board.json` while the round is only closed (streamed row by row from the
   database, the reference): time to the first byte and to the last, size;
3. once counted, the board file written once (`board_file.write`: compact JSON, gzip level 1,
   SHA-256): the first write's time and the file's size, then the download served from that file
   (FileResponse, 1 MiB blocks, read to the end through the test client) — `--runs` times, median.
"""

import io
import random
import statistics
import string
import time

from common import parser, setup_django, timer
from governance import setup


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--ballots", type=int, default=100_000)
    p.add_argument("--distinct", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    setup_django(args.database_url)

    from django.db import connection
    from django.test import Client

    from linli.governance import board_check, crypto
    from linli.governance.elections import actions
    from linli.governance.models import RoundStatus

    r, _issued, by_pos, _seats, election, _cands = setup(10)
    layout = actions.ballot_layout(r)
    rng = random.Random(3)
    contents = []
    for _ in range(args.distinct):
        chosen = [
            rng.choice(by_pos["director"]),
            rng.choice(by_pos["deputy"]),
            *rng.sample(by_pos["member"], 3),
        ]
        contents.append(crypto.encrypt_ballot(layout, [f"c{c}" for c in chosen]))
    alphabet = "".join(c for c in string.ascii_uppercase + string.digits if c not in "IO")
    codes = set()
    while len(codes) < args.ballots:
        codes.add("".join(rng.choices(alphabet, k=12)))
    key = f"{election.code}/{r.number}"
    buf = io.StringIO()
    with timer() as t:
        for seq, code, content, prev, digest in board_check.chain(
            key, ((c, contents[i % len(contents)]) for i, c in enumerate(sorted(codes)))
        ):
            buf.write(f"{code}\t{r.pk}\t{content}\tt\t{seq}\t{prev}\t{digest}\n")
            head = digest
        loaded = buf.tell()
        buf.seek(0)
        with (
            connection.cursor() as cur,
            cur.copy(
                "COPY governance_ballot (tracking_code, round_id, content, valid, seq, prev_hash, hash) FROM STDIN"
            ) as copy,
        ):
            while block := buf.read(1 << 20):
                copy.write(block)
        cur = connection.cursor()
        cur.execute("ANALYZE governance_ballot")
    print(
        f"loaded {args.ballots} chained ballots ({loaded / 2**30:.2f} GiB) with COPY in {t['seconds']:.1f} s"
    )
    del buf
    r.status = RoundStatus.COUNTED
    r.board_head = head
    r.ballots_online = r.voters_voted = args.ballots
    r.save(update_fields=["status", "board_head", "ballots_online", "voters_voted"])

    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.get("/governance/e/none/r/1/board/")  # warm-up: URL conf, templates, translations
    base = f"/governance/e/{election.code}/r/1/board/"
    middle = args.ballots // 200
    lookup = sorted(codes)[args.ballots // 3]
    for label, url in [
        ("board page 1", base),
        (f"board page {middle}", f"{base}?page={middle}"),
        ("tracking-code lookup", f"{base}?code={lookup.lower()}"),
    ]:
        times = []
        client.get(url)  # this page's first request (warm-up, not counted)
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        print(
            f"{label}: median {statistics.median(times) * 1000:.0f} ms (runs: {', '.join(f'{x * 1000:.0f}' for x in times)})"
        )
    r.status = RoundStatus.CLOSED  # closed, not yet counted: streamed from the database
    r.save(update_fields=["status"])
    url = f"/governance/e/{election.code}/r/1/board.json"
    start = time.perf_counter()
    response = client.get(url)
    stream = iter(response.streaming_content)
    size = len(next(stream))
    first = time.perf_counter() - start
    for chunk in stream:
        size += len(chunk)
    total = time.perf_counter() - start
    print(
        f"board.json streamed (closed): first byte {first * 1000:.0f} ms, all {size / 2**30:.2f} GiB "
        f"in {total:.1f} s = {size / 2**20 / total:.0f} MiB/s"
    )
    r.status = RoundStatus.COUNTED
    r.save(update_fields=["status"])

    import tempfile
    from pathlib import Path

    from linli.governance.elections import board_file

    with tempfile.TemporaryDirectory(prefix="linli-bench-boards-") as directory:
        settings.LINLI_BOARD_DIR = directory
        with timer() as t:
            written = board_file.write(r)
        print(
            f"board file written once: {written.size / 2**20:.0f} MiB gzipped "
            f"({written.size / size:.0%} of the JSON) in {t['seconds']:.1f} s, sha256 {written.sha256[:16]}…"
        )
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            got = sum(len(chunk) for chunk in response.streaming_content)
            times.append(time.perf_counter() - start)
            assert got == written.size and response["X-Content-SHA256"] == written.sha256
        assert Path(written.path).stat().st_size == written.size
        med = statistics.median(times)
        print(
            f"board.json.gz from the file: {written.size / 2**20:.0f} MiB, median {med * 1000:.0f} ms "
            f"(runs: {', '.join(f'{x * 1000:.0f}' for x in times)}) = {written.size / 2**20 / med:.0f} MiB/s; "
            f"streamed/file {total / med:.0f}×"
        )


if __name__ == "__main__":
    main()
