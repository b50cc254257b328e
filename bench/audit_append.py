"""How fast the hash-chained audit log takes events, and how fast it verifies.

Every write appends one event while holding the chain head's row lock, so this is the ceiling
on audited writes per second for the whole city.
"""

from common import parser, repeat, setup_django, summary, timer


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--events", type=int, default=5000)
    args = p.parse_args()
    setup_django(args.database_url)
    from django.db import connection, transaction

    from linli.audit.chain import record, verify

    def one() -> None:
        with transaction.atomic():
            record(actor=None, action="bench.event.appended", details={"n": 1})

    ms = repeat(one, args.events)
    print(f"{connection.vendor}: append one event in its own transaction: {summary(ms)}")
    print(f"{connection.vendor}: {1000 / (sum(ms) / len(ms)):.0f} events/s from one process")
    with timer() as t:
        checked, broken = verify()
    assert broken is None
    print(
        f"{connection.vendor}: verify {checked} events in {t['seconds']:.2f} s ({checked / t['seconds']:.0f}/s)"
    )


if __name__ == "__main__":
    main()
