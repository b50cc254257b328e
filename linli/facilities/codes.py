"""Component codes and classes of the digital city management standards (GB/T 30428, CJ/T 214).

A component code has 16 digits: the county's 6-digit GB/T 2260 code, the 2-digit major class, the
2-digit minor class and a 6-digit serial (110105 01 01 000123). The six major classes are fixed by
the standard; the minor classes are rows of `ComponentClass` (seeded from `MINOR_CLASSES`, which
lists the ones a residential community meets; a deployment adds the rest of the standard's
appendix as data).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.common.identifiers import fold_code

CODE = re.compile(r"^[0-9]{16}$")

MAJOR_CLASSES: dict[str, object] = {
    "01": gettext_lazy("Public utilities"),
    "02": gettext_lazy("Roads and traffic"),
    "03": gettext_lazy("City appearance and environment"),
    "04": gettext_lazy("Greening"),
    "05": gettext_lazy("Housing and land"),
    "06": gettext_lazy("Other facilities"),
}

# (major+minor, name, English, days between maintenance or None, what an inspector checks)
MINOR_CLASSES: list[tuple[str, str, str, int | None, str]] = [
    ("0101", "上水井盖", "Water supply manhole cover", None, "井盖完整\n无松动、无缺失"),
    ("0102", "污水井盖", "Sewer manhole cover", None, "井盖完整\n无松动、无缺失\n无冒溢"),
    ("0103", "雨水井盖", "Storm drain cover", None, "井盖完整\n无堵塞"),
    ("0105", "电力井盖", "Power manhole cover", None, "井盖完整\n无松动、无缺失"),
    ("0111", "燃气井盖", "Gas manhole cover", None, "井盖完整\n无异味"),
    ("0116", "消火栓", "Fire hydrant", 180, "外观完好\n无遮挡\n无渗漏"),
    ("0120", "路灯", "Street light", 90, "灯杆完好\n夜间亮灯"),
    ("0125", "通信交接箱", "Telecom cabinet", None, "箱体完好\n箱门锁闭"),
    ("0128", "邮筒", "Post box", None, "箱体完好\n无乱贴"),
    ("0135", "燃气调压站", "Gas pressure station", 30, "围栏完好\n无异味"),
    ("0140", "电梯", "Lift", 365, "年检标志在有效期内\n运行正常"),
    ("0201", "人行道", "Pavement", None, "路面平整\n无坑洼"),
    ("0210", "停车场", "Car park", None, "标线清楚\n无占用消防通道"),
    ("0215", "自行车棚", "Bicycle shed", None, "棚顶完好"),
    ("0301", "公告栏", "Notice board", None, "版面完好\n内容按时更新"),
    ("0305", "垃圾桶", "Rubbish bin", 30, "桶体完好\n分类标识清楚"),
    ("0310", "公共厕所", "Public toilet", 30, "设施完好\n清洁"),
    ("0401", "绿地", "Green space", 90, "无黄土裸露\n无毁绿"),
    ("0405", "行道树", "Street tree", 180, "无倒伏\n无枯死"),
    ("0501", "宣传栏", "Information board", None, "版面完好"),
    ("0605", "健身设施", "Fitness equipment", 90, "器械牢固\n无锈蚀、无锐边"),
    ("0610", "宽带设施", "Broadband cabinet", None, "箱体完好\n箱门锁闭"),
]


class CodeError(ValueError):
    """Why a component code was refused; `message` is in the user's language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(raw: str | None) -> str:
    """NFKC first (full-width digits from an input method), then no spaces or dashes."""
    return fold_code(raw)


def parse(raw: str | None) -> tuple[str, str, str, str]:
    """(county, major, minor, serial) of a component code, or CodeError saying what is wrong."""
    code = normalize(raw)
    if not code:
        raise CodeError("code_required", _("Enter the 16-digit component code."))
    if not CODE.match(code):
        raise CodeError(
            "bad_code",
            _(
                "%(code)s is not a component code: it has 16 digits, the 6-digit county code, the "
                "2-digit major class, the 2-digit minor class and a 6-digit serial number."
            )
            % {"code": code[:40]},
        )
    county, major, minor, serial = code[:6], code[6:8], code[8:10], code[10:]
    if county.endswith("00"):
        raise CodeError(
            "bad_county",
            _("The first six digits of %(code)s must be a county or district code, not %(county)s.")
            % {"code": code, "county": county},
        )
    if major not in MAJOR_CLASSES:
        raise CodeError(
            "bad_major",
            _("The major class %(major)s (digits 7 and 8) is not one of the standard's 01 to 06.")
            % {"major": major},
        )
    if serial == "000000":
        raise CodeError("bad_serial", _("The serial number (the last six digits) must not be 000000."))
    return county, major, minor, serial
