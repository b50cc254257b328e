"""Self-government (plan 3.1): elections, meetings, charter and conventions, democratic evaluation.

Secret ballot. Who voted (`VoterMark`, keyed by register entry) and what was voted (`Ballot`,
keyed by a random tracking code) live in two tables with nothing in common but the round: no
foreign key, no timestamp, no sequence that follows insertion order. At close the ballots are
re-written in tracking-code order and hash-chained in that order (see docs/governance.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    MEMBER = "member", _("member")


POSITION_ORDER = [p.value for p in Position]


class Election(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="elections"
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
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class Seat(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="seats")
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    count = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        ordering = ["election", "position"]
        constraints = [models.UniqueConstraint(fields=["election", "position"], name="gov_seat_unique")]

    def __str__(self) -> str:
        return f"{self.get_position_display()} × {self.count}"


class Basis(models.TextChoices):
    AGE_RESIDENCE = "age_residence", _("18 or older and living here")
    APPLICATION = "application", _("applied: living here, registered elsewhere")
    HOUSEHOLD_REP = "household_rep", _("household representative")
    GROUP_REP = "group_rep", _("residents' group representative")
    CORRECTION = "correction", _("added on correction")


class VoterEntry(models.Model):
    """One line of the voter register. Holds nothing about what the voter chose."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="register")
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=50)
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
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


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
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
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
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    entry = models.ForeignKey(
        VoterEntry, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="candidacies"
    )
    name = models.CharField(_("name"), max_length=50)
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
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    station = models.ForeignKey(PollingStation, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="gov_one_vote_per_round")]

    def __str__(self) -> str:
        return f"{self.entry} voted"


class Ballot(models.Model):
    """What one online voter chose. The key is a random tracking code; there is no time.

    `choices` is space-separated tokens: `c<candidate id>` or `w<position>:<name>` (a write-in).
    `seq`, `prev_hash` and `hash` are filled at close, in tracking-code order.
    """

    tracking_code = models.CharField(max_length=16, primary_key=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    choices = models.TextField(blank=True)
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
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
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
        return self.candidate.name if self.candidate_id else self.write_in  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------
# Meetings, petitions, decisions


class MeetingKind(models.TextChoices):
    RESIDENTS = "residents", _("residents' meeting")
    REPRESENTATIVES = "representatives", _("representatives' meeting")
    HEARING = "hearing", _("hearing")
    CONSULTATION = "consultation", _("consultation meeting")


class PetitionBasis(models.TextChoices):
    RESIDENTS = "residents", _("residents aged 18 or older")
    HOUSEHOLDS = "households", _("households")
    GROUPS = "groups", _("residents' groups")


class Petition(models.Model):
    """Residents ask for a meeting; the committee must convene it once the legal share is reached."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("what the meeting should decide"), max_length=200)
    basis = models.CharField(_("counted by"), max_length=16, choices=PetitionBasis.choices)
    groups_total = models.PositiveIntegerField(_("residents' groups in the community"), default=0)
    groups_supporting = models.PositiveIntegerField(_("groups supporting"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Signature(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    household_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "resident"], name="gov_sign_once")]

    def __str__(self) -> str:
        return str(self.resident)


class MeetingStatus(models.TextChoices):
    NOTICED = "noticed", _("announced")
    HELD = "held", _("in session")
    INQUORATE = "inquorate", _("no quorum")
    CLOSED = "closed", _("closed")


class Meeting(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    petition = models.OneToOneField(Petition, null=True, blank=True, on_delete=models.PROTECT)
    scheduled_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    noticed_at = models.DateTimeField(_("announced"))
    members_total = models.PositiveIntegerField(_("members"), help_text=_("Who may attend and vote."))
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    attendees = models.TextField(_("attendance list"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MeetingStatus.choices)
    comment_deadline = models.DateTimeField(_("comments until"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    response = models.TextField(_("response to comments"), blank=True)
    response_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=200)

    class Meta:
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.title


class PartyKind(models.TextChoices):
    RESIDENT = "resident", _("resident representative")
    UNIT = "unit", _("resident unit")
    PROPERTY = "property", _("property company")
    OWNERS = "owners", _("owners' committee")
    OTHER = "other", _("other")


class Party(models.Model):
    """Who takes part in a consultation (协商议事会): units, property company, owners' committee."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["meeting", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class MotionStatus(models.TextChoices):
    PENDING = "pending", _("not yet voted")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")


class Motion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(_("motion"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=MotionStatus.choices, default=MotionStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A public comment on a hearing, taken until the hearing's deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=50)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class DocumentKind(models.TextChoices):
    CHARTER = "charter", _("self-government charter (自治章程)")
    CONVENTION = "convention", _("residents' convention (居民公约)")


class Document(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["community", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    motion = models.OneToOneField(
        Motion, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="document_version"
    )
    adopted_at = models.DateTimeField(_("adopted"))

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="gov_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# ---------------------------------------------------------------------------------------------
# Democratic evaluation


class SubjectGroup(models.TextChoices):
    COMMITTEE = "committee", _("residents' committee member")
    PARTY = "party", _("party organisation member")
    STATIONED = "stationed", _("government staff stationed in the community")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    FAIR = "fair", _("fairly satisfied")
    UNSATISFIED = "unsatisfied", _("not satisfied")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("open for answers")
    CLOSED = "closed", _("closed")
    PUBLISHED = "published", _("results published")


class Campaign(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices)
    closes_at = models.DateTimeField(_("answers until"))
    answers = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title


class Subject(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="subjects")
    group = models.CharField(_("group"), max_length=16, choices=SubjectGroup.choices)
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("post"), max_length=100, blank=True)

    class Meta:
        ordering = ["campaign", "group", "id"]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """That a resident answered (to refuse a second answer). Not what they answered."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "resident"], name="gov_answer_once")]

    def __str__(self) -> str:
        return f"{self.resident} answered"


class RatingCount(models.Model):
    """Answers are kept only as counters: an individual answer is never stored."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="counts")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "rating"], name="gov_rating_unique")]

    def __str__(self) -> str:
        return f"{self.subject} {self.rating}"
