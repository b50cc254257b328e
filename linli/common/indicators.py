"""The plan's indicators as data: what each app registers, low in the layers.

Each context declares its indicators in its own `linli/<app>/indicators.py` and registers them in
its `AppConfig.ready`, as it registers home tiles in `linli.ui.registries`. The registry lives here,
in `common`, because the `indicators` app that computes, stores and shows the values sits above
the domain apps (import-linter's layers): a domain app may import this module, never
`linli.indicators`. An indicator whose data is not in linli yet is registered as *reported* (hand
entry, signed off by the responsible role); when the app that holds the data lands, it registers
the same code with a `source` and the computed definition wins, whatever the order of apps.

A source counts the records of one period per community, unscoped (the system computes for
everyone; the indicators app scopes what it shows): `source(start, end, now, communities)` returns
{community_id: (numerator, denominator)}; `communities` None means every community. Figures are
counted from what happened up to `now`, so a sweep run later for an ended period gives the same
figures.
"""

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# (start, end, now, community ids or None) -> {community_id: (numerator, denominator or None)}
Source = Callable[
    [dt.date, dt.date, dt.datetime, "Iterable[int] | None"], dict[int, tuple[float, float | None]]
]
# (viewer, community, start, end, now) -> rows behind a community's figure, scoped by the caller
Records = Callable[[Any, Any, dt.date, dt.date, dt.datetime], list[dict[str, Any]]]

ROLLUPS = ("sum", "ratio", "share")  # Σ numerators; Σ num ÷ Σ den; share of units meeting `threshold`
DIRECTIONS = ("up", "down")  # higher is better; lower is better
PERIODS = ("month", "quarter", "year")
LEVELS = ("community", "street", "district", "city")


@dataclass(frozen=True)
class Indicator:
    code: str  # "<app>.<name>"
    name_zh: str
    name_en: str
    section: str  # the plan's section, "3.4.(一)"
    unit: str  # a key of linli.indicators.units.UNITS
    period: str = "month"
    direction: str = "up"
    rollup: str = "ratio"
    factor: float = 1.0  # value = numerator / denominator * factor (100 for %, 1000 for ‰)
    target: float | None = None
    deadline: dt.date | None = None
    target_level: str = ""  # "": the target holds at every level; "city": only the city's total
    threshold: float | None = None  # share: a community meets it with its own value at/over (under)
    # share: the unit of a unit's own figure, compared with the threshold ("m2", "count", "yesno"
    # for 1/0); "" when it is `unit` (a community's own percentage). Above it, the share is in %.
    unit_own: str = ""
    baseline_2005: float | None = None
    source: Source | None = None  # None: reported by hand
    report_level: str = "community"  # reported: the level whose figures are entered
    responsible: str = "worker"  # reported: the role that enters and signs off (accounts.roles)
    records: Records | None = None  # drill-down to the records behind a community's figure
    events: tuple[str, ...] = ()  # audit actions after which the community's figure is refreshed
    public: bool = False  # on the community's public board and in the open data
    note_zh: str = ""
    note_en: str = ""
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = (
            self.rollup not in ROLLUPS
            or self.direction not in DIRECTIONS
            or self.period not in PERIODS
            or self.report_level not in LEVELS
            or (self.rollup == "share" and self.threshold is None)
        )
        if bad:
            raise ValueError(f"indicator {self.code}: bad rollup, direction, period, level or threshold")

    @property
    def reported(self) -> bool:
        return self.source is None

    @property
    def app(self) -> str:
        return self.code.split(".", 1)[0]


INDICATORS: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    """Add indicators; a computed definition replaces a reported one of the same code, never the
    reverse (the reported placeholders of the plan are registered by the indicators app)."""
    for ind in indicators:
        old = INDICATORS.get(ind.code)
        if old is not None and old.source is not None and ind.source is None:
            continue
        INDICATORS[ind.code] = ind


def all_indicators() -> list[Indicator]:
    return sorted(INDICATORS.values(), key=lambda i: (i.section, i.order, i.code))


def get(code: str) -> Indicator | None:
    return INDICATORS.get(code)


def triggered_by(action: str) -> list[Indicator]:
    """The cheap indicators an audit action changes (refreshed for its community after commit)."""
    return [i for i in INDICATORS.values() if action in i.events]


# One recompute of many indicators may share what their sources read (the registry's three
# indicators read one count of the city): inside `one_run()`, `memo(key, fn)` computes once.
_RUN: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar("indicators_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def memo(key: Any, fn: Callable[[], Any]) -> Any:
    cache = _RUN.get()
    if cache is None:
        return fn()
    if key not in cache:
        cache[key] = fn()
    return cache[key]
