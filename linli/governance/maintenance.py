"""Database upkeep queued by self-government actions."""

from django.db import connection


def vacuum(*tables: str) -> None:
    """Clear dead row versions (which keep their old transaction ids and order) after a re-write.

    Queued after a round's close and an evaluation's close; plain VACUUM takes no table lock.
    """
    if connection.vendor != "postgresql":
        return
    allowed = {
        "governance_ballot",
        "governance_votermark",
        "governance_ratingcount",
        "governance_participation",
    }
    with connection.cursor() as cur:
        for table in tables:
            if table in allowed:
                cur.execute(f"VACUUM {table}")
