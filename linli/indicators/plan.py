"""The plan's targets whose data linli does not hold yet: reported by hand, signed off.

Each is entered by the responsible role at its `report_level` and rolled up like the rest. When the
app that holds the data lands (volunteers, publicservices, facilities, organizations, operations),
it registers the same code with a `source` in its own `indicators.py`, and that definition wins
(`linli.common.indicators.register`).
"""

import datetime as dt
from typing import Any

from linli.common.indicators import Indicator, register

Y2010 = dt.date(2010, 12, 31)
Y2008 = dt.date(2008, 12, 31)


def _r(code: str, zh: str, en: str, section: str, unit: str = "percent", **kw: Any) -> Indicator:
    return Indicator(code=code, name_zh=zh, name_en=en, section=section, unit=unit, **kw)


CITY = {"report_level": "city", "responsible": "city_admin", "rollup": "sum", "period": "year", "target_level": "city"}
DISTRICT_SUM = {"report_level": "district", "responsible": "district_officer", "rollup": "sum", "period": "year"}
# A community says yes (1) or no (0); the rollup is the share of communities that say yes.
COMMUNITY_YES = {
    "report_level": "community",
    "responsible": "worker",
    "rollup": "share",
    "threshold": 1.0,
    "period": "year",
}

PLAN = [
    # 3.4.(一) volunteers: "most communities" → more than half of them at 15% of the 常住 population
    _r(
        "volunteers.share_15",
        "志愿者占常住人口比例达15%的社区比例",
        "Communities with volunteers at 15% of residents",
        "3.4.(一)",
        "percent",
        report_level="community",
        responsible="worker",
        rollup="share",
        threshold=15.0,
        factor=100,
        period="quarter",
        target=50.0,
        deadline=Y2010,
        public=True,
        note_zh="到2010年,使多数社区的志愿者人数达到社区常住人口的15%以上;社区填报志愿者人数/常住人口",
        note_en="By 2010 most communities have volunteers at 15% of residents; a community enters volunteers / residents.",
        order=1,
    ),
    _r("volunteers.people", "社区志愿者人数", "Community volunteers", "3.4.(一)", "persons",
       baseline_2005=600000, order=2, **{**CITY, "report_level": "community", "responsible": "worker",
                                          "target_level": "", "period": "quarter"}),
    _r("volunteers.teams", "社区服务志愿者队伍数", "Volunteer teams", "3.4.(一)", "count",
       baseline_2005=15000, order=3, **CITY),
    # 3.4.(四) civic organizations
    _r("organizations.civic", "社区民间组织数", "Civic organizations", "3.4.(四)", "count",
       baseline_2005=12000, order=1, **{**CITY, "report_level": "community", "responsible": "worker",
                                         "target_level": ""}),
    # 3.5.(一) employment
    _r("publicservices.jobs", "开发社区就业岗位", "Community jobs created", "3.5.(一)", "count",
       target=120000, deadline=Y2010, baseline_2005=92300, order=1, **CITY),
    _r("publicservices.placements", "安置失业人员", "Unemployed people placed", "3.5.(一)", "persons",
       target=100000, deadline=Y2010, baseline_2005=71800, order=2, **CITY),
    _r("publicservices.startups", "帮助实现创业人数", "People helped to start a business", "3.5.(一)", "persons",
       target=6000, deadline=Y2010, order=3, **CITY),
    _r("publicservices.startup_jobs", "创业带动就业人数", "Jobs created by start-ups", "3.5.(一)", "persons",
       target=40000, deadline=Y2010, order=4, **CITY),
    _r("publicservices.labour_assistants", "聘请劳动保障协管员的社区比例", "Communities with a labour-security assistant",
       "3.5.(一)", order=5, note_zh="2005年2033个社区聘请了劳动保障协管员",
       note_en="In 2005, 2,033 communities had one.", target=100.0, **COMMUNITY_YES),
    # 3.5.(三) health
    _r("health.coverage", "社区卫生服务覆盖率", "Communities covered by health services", "3.5.(三)",
       target=100.0, deadline=Y2008, public=True, order=1, **COMMUNITY_YES),
    _r("health.centres", "社区卫生服务中心数", "Community health centres", "3.5.(三)", "count",
       target=360, deadline=Y2010, order=2, **CITY),
    _r("health.stations", "社区卫生服务站数", "Community health stations", "3.5.(三)", "count",
       target=2711, deadline=Y2010, order=3, **CITY),
    _r("health.residents_per_gp", "每名全科医生服务人口", "Residents per general practitioner", "3.5.(三)",
       "persons", direction="down", rollup="ratio", target=3000, report_level="district",
       responsible="district_officer", period="year", order=4,
       note_zh="原则上每2000—3000名服务人口配备1名全科医生和至少1名护士;填报服务人口/全科医生数",
       note_en="One GP and a nurse per 2,000–3,000 residents; enter residents served / GPs."),
    _r("health.residents_per_prevention", "每名预防保健人员服务人口", "Residents per prevention worker", "3.5.(三)",
       "persons", direction="down", rollup="ratio", target=2000, report_level="district",
       responsible="district_officer", period="year", order=5),
    # 3.5.(五) culture and sport
    _r("culture.fitness_association", "建有全民健身体育协会的社区比例", "Communities with a fitness association",
       "3.5.(五)", target=90.0, deadline=Y2010, public=True, order=1,
       **COMMUNITY_YES),
    _r("culture.residents_per_instructor", "每名社会体育指导员服务人口", "Residents per sports instructor",
       "3.5.(五)", "persons", direction="down", rollup="ratio", target=400, report_level="community",
       responsible="worker", period="year", order=2),
    _r("culture.cinema", "普及小规模电影院的社区比例", "Communities with a small cinema", "3.5.(五)",
       target=60.0, public=True, order=3, **COMMUNITY_YES),
    _r("culture.films", "每年放映影片部数", "Films shown a year", "3.5.(五)", "count", target=100, order=4, **CITY),
    _r("culture.library", "设有图书室的社区比例", "Communities with a reading room", "3.5.(五)",
       target=100.0, order=5, **COMMUNITY_YES),
    # 3.5.(六) public safety
    _r("safety.crime_rate", "社区刑事案件发案率", "Criminal cases per 1,000 residents", "3.5.(六)", "permille",
       direction="down", rollup="ratio", factor=1000, target=1.5, deadline=Y2010, report_level="district",
       responsible="district_officer", period="year", public=True, order=1,
       note_zh="公安机关提供;填报案件数/常住人口", note_en="From the police; enter cases / residents."),
    _r("safety.satisfaction", "社区群众对社区治安满意率", "Residents satisfied with public safety", "3.5.(六)",
       "percent", rollup="ratio", factor=100, target=80.0, deadline=Y2010, report_level="district",
       responsible="district_officer", period="year", public=True, order=2,
       note_zh="抽样调查:满意人数/受访人数", note_en="Survey: satisfied / asked."),
    _r("safety.patrol_staff", "专职巡防队员人数", "Full-time patrol staff", "3.5.(六)", "persons",
       target=50000, deadline=Y2010, order=3, **{**DISTRICT_SUM, "target_level": "city"}),
    _r("safety.patrol_volunteers", "社区治安巡逻志愿者人数", "Patrol volunteers", "3.5.(六)", "persons",
       target=300000, deadline=Y2010, order=4, **{**DISTRICT_SUM, "target_level": "city"}),
    _r("safety.reoffending", "重新犯罪率", "Reoffending rate", "3.5.(六)", "percent", direction="down",
       rollup="ratio", factor=100, target=3.0, deadline=Y2010, report_level="district",
       responsible="district_officer", period="year", order=5),
    _r("safety.correction_centre", "建立阳光社区矫正服务中心的区县比例", "Districts with a community-correction centre",
       "3.5.(六)", "percent", rollup="share", threshold=1.0, target=100.0, deadline=Y2010,
       report_level="district", responsible="district_officer", period="year", order=6),
    # 3.6.(二) the street's one-stop hall
    _r("facilities.one_stop_500", "一站式办事大厅达500平方米的街道比例", "Streets with a 500 m² one-stop hall",
       "3.6.(二)", "percent", rollup="share", threshold=500.0, target=100.0, report_level="street",
       responsible="street_officer", period="year", order=1,
       note_zh="街道填报大厅面积(平方米)", note_en="A street enters its hall's floor space (m²)."),
    _r("facilities.elderly_standard", "为老服务设施达“三室一场一校”标准的社区比例",
       "Communities meeting the elderly-care facility standard", "1.1.(五)", target=100.0,
       baseline_2005=93.0, order=2, **COMMUNITY_YES),
    # 3.7.(三) chain service outlets (new across the plan period)
    _r("services.laundry_outlets", "新增社区连锁洗衣网点", "New chain laundry outlets", "3.7.(三)", "count",
       target=500, deadline=Y2010, order=10, **CITY),
    _r("services.vegetable_markets", "新建和升级标准化社区菜市场", "Standard vegetable markets built or upgraded",
       "3.7.(三)", "count", target=150, deadline=Y2010, order=11, **CITY),
    _r("services.delivery_shops", "社区便民配送菜店", "Vegetable delivery shops", "3.7.(三)", "count",
       target=300, deadline=Y2010, order=12, **CITY),
    _r("services.convenience_stores", "规范和新建社区便民超市和便利店", "Convenience stores set up or brought to standard",
       "3.7.(三)", "count", target=1000, deadline=Y2010, order=13, **CITY),
]


def register_all() -> None:
    register(*PLAN)
