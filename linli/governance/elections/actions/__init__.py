"""Election writes: the announcement and register, nominations, and voting and counting."""

from linli.governance.elections.actions.ballots import (
    ballot_cast,
    ballot_check,
    ballot_layout,
    credential_hash,
    credentials_issue,
    encode_choices,
    voter_mark_in_person,
)
from linli.governance.elections.actions.mixing import ballots_pass
from linli.governance.elections.actions.nominations import (
    candidate_nominate,
    candidates_publish,
    nomination_open,
    station_add,
)
from linli.governance.elections.actions.register import (
    application_decide,
    application_submit,
    election_announce,
    objection_decide,
    objection_file,
    register_build,
    register_correct,
)
from linli.governance.elections.actions.trustees import (
    ceremony_open,
    online_totals,
    trustee_contribute,
    trustee_decrypt,
    trustee_enrol,
)
from linli.governance.elections.actions.voting import (
    election_certify,
    round_close,
    round_count,
    round_key,
    round_totals,
    runoff_open,
    station_count_confirm,
    station_count_enter,
    unfilled_seats,
    voting_open,
)

__all__ = [
    "application_decide",
    "application_submit",
    "ballot_cast",
    "ballot_check",
    "ballot_layout",
    "ballots_pass",
    "candidate_nominate",
    "candidates_publish",
    "ceremony_open",
    "credential_hash",
    "credentials_issue",
    "election_announce",
    "election_certify",
    "encode_choices",
    "nomination_open",
    "objection_decide",
    "objection_file",
    "online_totals",
    "register_build",
    "register_correct",
    "round_close",
    "round_count",
    "round_key",
    "round_totals",
    "runoff_open",
    "station_add",
    "station_count_confirm",
    "station_count_enter",
    "trustee_contribute",
    "trustee_decrypt",
    "trustee_enrol",
    "unfilled_seats",
    "voter_mark_in_person",
    "voting_open",
]
