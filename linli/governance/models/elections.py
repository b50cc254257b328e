"""Election models. Secret ballot: who voted (`VoterMark`, keyed by register entry) and what was
voted (`Ballot`, keyed by a random tracking code) share nothing but the round (see
docs/governance.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# ---------------------------------------------------------------------------------------------


# Elections


class Method(models.TextChoices):
    DIRECT = "direct", _("all voters")
    HOUSEHOLD = "household", _("one representative per household")
    GROUP = "group", _("representatives of residents' groups")


class Stage(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    REGISTER = "register", _("voter register published")
    NOMINATION = "nomination", _("nomination")
    CANDIDATES = "candidates", _("candidates published")
    VOTING = "voting", _("voting")
    COUNTED = "counted", _("counted")
    CERTIFIED = "certified", _("certified")


STAGE_ORDER = [s.value for s in Stage]


class Position(models.TextChoices):
    DIRECTOR = "director", _("director")
    DEPUTY = "deputy", _("deputy director")
    MEMBER = "member", pgettext_lazy("committee", "member")


class OfficerPosition(models.TextChoices):
    """The officers of a community social organization, when it elects them (`Election.body`)."""

    CHAIR = "chair", pgettext_lazy("organization", "chair")
    VICE_CHAIR = "vice_chair", pgettext_lazy("organization", "vice chair")
    SECRETARY = "secretary", pgettext_lazy("organization", "secretary")
    TREASURER = "treasurer", pgettext_lazy("organization", "treasurer")


# Every position a seat may have: the residents' committee's, then an organization's officers.
POSITION_CHOICES = Position.choices + OfficerPosition.choices
POSITION_ORDER = [p.value for p in Position] + [p.value for p in OfficerPosition]


class Election(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="elections"
    )
    # Whose election: empty for the residents' committee; else the code of the community social
    # organization whose members elect its officers (linli.organizations keeps the link).
    body = models.CharField(
        _("elected body"),
        max_length=16,
        blank=True,
        default="",
        help_text=_("Empty for the residents' committee; an organization's code for its officers."),
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.DIRECT)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.ANNOUNCED)
    election_day = models.DateField(_("election day"))
    register_cutoff = models.DateField(
        _("register cut-off date"), help_text=_("Residents living in the community on this date are listed.")
    )
    objection_deadline = models.DateField(_("objections until"), null=True, blank=True)
    allow_write_ins = models.BooleanField(_("write-in names allowed"), default=True)
    require_surplus = models.BooleanField(_("more candidates than seats (差额)"), default=True)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=5)
    # Key ceremony: k of the trustees (选举委员会 members) must take part in each count; the
    # election key is the product of their commitments, the private key exists nowhere whole.
    trustees_needed = models.PositiveSmallIntegerField(_("trustees needed to count"), default=0)
    public_key = models.TextField(blank=True)
    announced_at = models.DateTimeField(_("announced"), default=timezone.now)
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-election_day", "code"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.title

    @property
    def is_committee(self) -> bool:
        return not self.body

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class Seat(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="seats")
    position = models.CharField(_("position"), max_length=16, choices=POSITION_CHOICES)
    count = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        ordering = ["election", "position"]
        constraints = [models.UniqueConstraint(fields=["election", "position"], name="gov_seat_unique")]

    def __str__(self) -> str:
        return f"{self.get_position_display()} × {self.count}"


class Basis(models.TextChoices):
    AGE_RESIDENCE = "age_residence", _("18 or older and living here")
    APPLICATION = "application", _("applied: living here, registered elsewhere")
    OPT_IN = "opt_in", _("registered here, living elsewhere: takes part here")
    HOUSEHOLD_REP = "household_rep", _("household representative")
    GROUP_REP = "group_rep", _("residents' group representative")
    CORRECTION = "correction", _("added on correction")
    MEMBER = "member", _("member of the organization")


class VoterEntry(models.Model):
    """One line of the voter register. Holds nothing about what the voter chose."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="register")
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    household_code = models.CharField(_("household"), max_length=20, blank=True)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    group_name = models.CharField(_("residents' group"), max_length=50, blank=True)
    is_listed = models.BooleanField(_("listed"), default=True)
    removed_reason = models.CharField(_("reason for removal"), max_length=200, blank=True)

    class Meta:
        ordering = ["election", "name", "id"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        constraints = [
            models.UniqueConstraint(fields=["election", "resident"], name="gov_register_one_per_resident")
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", pgettext_lazy("application", "accepted")
    REJECTED = "rejected", pgettext_lazy("application", "rejected")


class ObjectionKind(models.TextChoices):
    OMITTED = "omitted", _("someone eligible is missing")
    WRONGLY_LISTED = "wrongly_listed", _("someone is listed who should not be")


class Objection(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="objections")
    kind = models.CharField(_("objection"), max_length=16, choices=ObjectionKind.choices)
    subject = models.ForeignKey(
        "registry.Resident", verbose_name=_("about"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("reasons"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Application(models.Model):
    """A resident registered elsewhere asks to vote here (plan 3.1.(一): floating residents)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="applications")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(pgettext_lazy("time", "submitted"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    answer = models.CharField(_("answer"), max_length=200, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["election", "resident"], name="gov_application_once")]

    def __str__(self) -> str:
        return str(self.resident)


class NominatedBy(models.TextChoices):
    JOINT = "joint", _("jointly by voters")
    SELF = "self", _("self-nomination")
    GROUP = "group", _("residents' group")


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    OFFICIAL = "official", _("official candidate")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    position = models.CharField(_("position"), max_length=16, choices=POSITION_CHOICES)
    entry = models.ForeignKey(
        VoterEntry, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="candidacies"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    nominated_by = models.CharField(_("nominated by"), max_length=16, choices=NominatedBy.choices)
    supporters = models.PositiveIntegerField(_("supporting voters"), default=0)
    statement = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.NOMINATED
    )

    class Meta:
        ordering = ["election", "position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "position", "entry"], name="gov_candidate_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def token(self) -> str:
        return f"c{self.pk}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("voting")
    CLOSED = "closed", _("closed, board published")
    COUNTED = "counted", _("counted")


class Round(models.Model):
    """One round of voting: the first, or another round for the seats left unfilled."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices)
    seats = models.JSONField(_("seats to fill"), default=dict)  # {position: count}
    candidates = models.ManyToManyField(Candidate, related_name="rounds")
    is_runoff = models.BooleanField(default=False)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # Sealed at close: how many voted, how many online ballots, and the chain's last hash.
    voters_registered = models.PositiveIntegerField(default=0)
    voters_voted = models.PositiveIntegerField(default=0)
    ballots_online = models.PositiveIntegerField(default=0)
    marks_digest = models.CharField(max_length=64, blank=True)
    board_head = models.CharField(max_length=64, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    turnout_valid = models.BooleanField(null=True)
    # The homomorphic sum of the valid online ballots, per candidate token: [alpha, beta] (hex).
    encrypted_tally = models.JSONField(default=dict)
    # Decrypted from it by k trustees at the count: {token: votes}.
    online_totals = models.JSONField(default=dict)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="gov_round_unique")]

    def __str__(self) -> str:
        return f"{self.election} #{self.number}"


class PollingStation(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stations")
    name = models.CharField(_("polling station"), max_length=100)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["election", "name"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="gov_station_unique")]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    """A one-time voting code, stored only as its keyed hash. Says nothing about the ballot."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(VoterEntry, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="gov_credential_once")]

    def __str__(self) -> str:
        return f"credential {self.pk}"


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")


class VoterMark(models.Model):
    """'Has voted' on the register. One per voter and round (the database refuses a second).

    Deliberately without a time and without any reference to a ballot.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="marks")
    entry = models.ForeignKey(VoterEntry, on_delete=models.PROTECT, related_name="marks")
    channel = models.CharField(pgettext_lazy("vote", "channel"), max_length=16, choices=Channel.choices)
    station = models.ForeignKey(PollingStation, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="gov_one_vote_per_round")]

    def __str__(self) -> str:
        return f"{self.entry} voted"


class Ballot(models.Model):
    """What one online voter chose, encrypted. The key is a random tracking code; there is no time.

    `content` is the encrypted ballot (`crypto.encrypt_ballot`): a ciphertext and a "0 or 1"
    proof per candidate, a "0..seats" proof per position. `seq`, `prev_hash`, `hash` and `valid`
    (its proofs hold) are filled at close, in tracking-code order; while voting is open the
    background pass sets `valid` and `seq = 0` (re-written once apart from the voter's mark).
    """

    tracking_code = models.CharField(max_length=16, primary_key=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    content = models.TextField(blank=True)
    valid = models.BooleanField(null=True)
    seq = models.PositiveIntegerField(null=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["round", "tracking_code"]
        indexes = [models.Index(fields=["round", "seq"])]

    def __str__(self) -> str:
        return self.tracking_code


class StationCount(models.Model):
    """Paper ballots counted at one polling station, entered by one official, confirmed by another."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="station_counts")
    station = models.ForeignKey(PollingStation, on_delete=models.PROTECT, related_name="counts")
    ballots_returned = models.PositiveIntegerField(_("ballots in the box"))
    ballots_invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    votes = models.JSONField(_("votes"), default=dict)  # {token: n}
    teller_1 = models.CharField(_("teller (counting)"), max_length=50)
    teller_2 = models.CharField(_("teller (scrutinising)"), max_length=50)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "station"], name="gov_station_count_once")]

    def __str__(self) -> str:
        return f"{self.station} #{self.round.number}"


class Result(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    position = models.CharField(_("position"), max_length=16, choices=POSITION_CHOICES)
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.PROTECT)
    write_in = models.CharField(_("write-in name"), max_length=50, blank=True)
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)
    tied = models.BooleanField(_("tied"), default=False)

    class Meta:
        ordering = ["round", "position", "-votes", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.votes}"

    @property
    def name(self) -> str:
        return self.candidate.name if self.candidate else self.write_in


# ---------------------------------------------------------------------------------------------


class Trustee(models.Model):
    """A member of the election committee holding one share of the election key, in a file
    (passphrase-protected) that linli gives once and never keeps."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="trustees")
    number = models.PositiveSmallIntegerField(_("trustee number"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    seal_key = models.CharField(max_length=64, blank=True)  # X25519 public key, hex
    commitments = models.JSONField(default=list)  # Feldman commitments g^a_l, hex
    sealed = models.JSONField(default=dict)  # {trustee number: share sealed to that trustee}
    proofs = models.JSONField(default=list)  # a proof of knowledge of each coefficient, [c, u] hex

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="gov_trustee_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class PartialDecryption(models.Model):
    """One trustee's part in decrypting a round's totals, with its proofs: {token: [d, c, v]}."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="decryptions")
    trustee = models.ForeignKey(Trustee, on_delete=models.PROTECT, related_name="decryptions")
    parts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "trustee"], name="gov_one_decryption_per_trustee")
        ]

    def __str__(self) -> str:
        return f"{self.trustee} #{self.round.number}"
