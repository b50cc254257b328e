"""Readable names of governance's audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "governance.election.announced": pgettext_lazy("audit event", "Election announced"),
    "governance.election.certified": pgettext_lazy("audit event", "Election result certified"),
    "governance.register.published": pgettext_lazy("audit event", "Voter register published"),
    "governance.register.corrected": pgettext_lazy("audit event", "Voter register corrected"),
    "governance.objection.filed": pgettext_lazy("audit event", "Objection to the register filed"),
    "governance.objection.decided": pgettext_lazy("audit event", "Objection decided"),
    "governance.application.submitted": pgettext_lazy("audit event", "Application to vote here submitted"),
    "governance.application.decided": pgettext_lazy("audit event", "Application to vote here decided"),
    "governance.nomination.opened": pgettext_lazy("audit event", "Nominations opened"),
    "governance.candidate.nominated": pgettext_lazy("audit event", "Candidate nominated"),
    "governance.candidates.published": pgettext_lazy("audit event", "Candidates published"),
    "governance.station.added": pgettext_lazy("audit event", "Polling station added"),
    "governance.credentials.issued": pgettext_lazy("audit event", "Voting codes issued"),
    "governance.round.opened": pgettext_lazy("audit event", "Voting opened"),
    "governance.round.closed": pgettext_lazy("audit event", "Voting closed"),
    "governance.round.counted": pgettext_lazy("audit event", "Votes counted"),
    "governance.round.decrypted": pgettext_lazy("audit event", "A trustee decrypted the totals"),
    "governance.decryption.refused": pgettext_lazy(
        "audit event", "A trustee's partial decryption refused (its proofs fail)"
    ),
    "governance.ceremony.opened": pgettext_lazy("audit event", "Trustees of the election key named"),
    "governance.trustee.enrolled": pgettext_lazy("audit event", "A trustee took a key file"),
    "governance.trustee.contributed": pgettext_lazy(
        "audit event", "A trustee contributed to the election key"
    ),
    "governance.voter.marked": pgettext_lazy("audit event", "Voter marked as having voted"),
    "governance.station_count.entered": pgettext_lazy("audit event", "Polling station's count entered"),
    "governance.station_count.confirmed": pgettext_lazy("audit event", "Polling station's count confirmed"),
    "governance.meeting.convened": pgettext_lazy("audit event", "Meeting convened"),
    "governance.meeting.attendance": pgettext_lazy("audit event", "Meeting attendance recorded"),
    "governance.meeting.closed": pgettext_lazy("audit event", "Meeting closed"),
    "governance.motion.added": pgettext_lazy("audit event", "Motion added"),
    "governance.motion.voted": pgettext_lazy("audit event", "Motion voted on"),
    "governance.petition.started": pgettext_lazy("audit event", "Proposal started"),
    "governance.petition.signed": pgettext_lazy("audit event", "Proposal signed"),
    "governance.petition.groups_recorded": pgettext_lazy("audit event", "Proposal's groups recorded"),
    "governance.hearing.responded": pgettext_lazy("audit event", "Hearing answered"),
    "governance.decision.published": pgettext_lazy("audit event", "Decision published"),
    "governance.document.created": pgettext_lazy("audit event", "Charter or convention drafted"),
    "governance.document.adopted": pgettext_lazy("audit event", "Charter or convention adopted"),
    "governance.comment.added": pgettext_lazy("audit event", "Comment added"),
    "governance.campaign.opened": pgettext_lazy("audit event", "Evaluation opened"),
    "governance.campaign.closed": pgettext_lazy("audit event", "Evaluation closed"),
    "governance.campaign.published": pgettext_lazy("audit event", "Evaluation results published"),
}
