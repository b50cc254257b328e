"""The file format: column headers (Chinese whatever the UI language is), the labels of codes, and sizes."""

import re
from collections.abc import Iterator

from linli.registry.models import (
    LEGACY_KINDS,
    Employment,
    HukouPlace,
    LivingPlace,
    Relation,
    ResidenceKind,
)

# Column headers (fixed: the format is Chinese whatever the UI language is).
COLUMNS = ["楼栋", "房屋", "与户主关系", "户类别", "姓名", "身份证号", "手机号", "民族", "户籍地", "就业状况"]


KEYS = [
    "building",
    "dwelling",
    "relation",
    "kind",
    "name",
    "id_number",
    "phone",
    "ethnicity",
    "hukou_place",
    "employment",
]


# Optional: care tags, by the names the pages show, separated by 、 or ; (关怀标签 is read too).
TAGS_COLUMN = "关爱标签"


# Optional (issue 21): where the 户口 is and where the person lives. A file without them (every
# file before) places each household by its 户类别 (户籍 / 常住 / 流动), as the registry did.
PLACE_COLUMNS = {
    "户口所在": "hukou_where",
    "户口区划代码": "hukou_code",
    "现居住": "lives_where",
    "现居住区划代码": "lives_code",
    "现居住地址": "lives_address",
    "居住起始日期": "lives_since",
}


OPTIONAL_COLUMNS = {TAGS_COLUMN: "tags", "关怀标签": "tags", **PLACE_COLUMNS}


TEMPLATE_COLUMNS = [*COLUMNS, TAGS_COLUMN, *PLACE_COLUMNS]


EXPORT_COLUMNS = [*COLUMNS, TAGS_COLUMN, "户编号", *PLACE_COLUMNS]


HUKOU_PLACES: dict[str, str] = {
    "本社区": HukouPlace.HERE,
    "本市其他": HukouPlace.BEIJING,
    "外省市": HukouPlace.OUTSIDE,
}
LIVING_PLACES: dict[str, str] = {
    "本户": LivingPlace.HERE,
    "他处": LivingPlace.ELSEWHERE,
    "不详": LivingPlace.UNKNOWN,
}
HUKOU_LABELS = {v: k for k, v in HUKOU_PLACES.items()}
LIVING_LABELS = {v: k for k, v in LIVING_PLACES.items()}
for _place in HukouPlace.values:
    HUKOU_PLACES.setdefault(_place, _place)
for _place in LivingPlace.values:
    LIVING_PLACES.setdefault(_place, _place)


RELATIONS: dict[str, str] = {
    "户主": Relation.HEAD,
    "本人": Relation.HEAD,
    "配偶": Relation.SPOUSE,
    "子女": Relation.CHILD,
    "子": Relation.CHILD,
    "女": Relation.CHILD,
    "父母": Relation.PARENT,
    "父亲": Relation.PARENT,
    "母亲": Relation.PARENT,
    "孙子女": Relation.GRANDCHILD,
    "祖父母": Relation.GRANDPARENT,
    "兄弟姐妹": Relation.SIBLING,
    "儿媳女婿": Relation.CHILD_IN_LAW,
    "儿媳": Relation.CHILD_IN_LAW,
    "女婿": Relation.CHILD_IN_LAW,
    "其他亲属": Relation.OTHER_RELATIVE,
    "其他": Relation.OTHER,
}


RELATION_LABELS = {
    Relation.HEAD: "户主",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.PARENT: "父母",
    Relation.GRANDCHILD: "孙子女",
    Relation.GRANDPARENT: "祖父母",
    Relation.SIBLING: "兄弟姐妹",
    Relation.CHILD_IN_LAW: "儿媳女婿",
    Relation.OTHER_RELATIVE: "其他亲属",
    Relation.OTHER: "其他",
}


# 户类别, read as the two places (户口, residence). The old kinds (户籍 / 常住 / 流动) and the
# derived ones an export writes (人户一致 …) are both read.
KINDS: dict[str, tuple[str, str]] = {
    "户籍": LEGACY_KINDS["registered"],
    "常住": LEGACY_KINDS["resident"],
    "流动": LEGACY_KINDS["floating"],
    "人户一致": (HukouPlace.HERE, LivingPlace.HERE),
    "户在人不在": (HukouPlace.HERE, LivingPlace.ELSEWHERE),
    "人在户不在": (HukouPlace.BEIJING, LivingPlace.HERE),
}


KIND_LABELS = {
    ResidenceKind.CONSISTENT: "人户一致",
    ResidenceKind.AWAY: "户在人不在",
    ResidenceKind.INCOMING: "人在户不在",
    ResidenceKind.FLOATING: "流动",
    ResidenceKind.GONE: "",
}


EMPLOYMENTS: dict[str, str] = {
    "": "",
    "在业": Employment.EMPLOYED,
    "就业": Employment.EMPLOYED,
    "失业": Employment.UNEMPLOYED,
    "离退休": Employment.RETIRED,
    "退休": Employment.RETIRED,
    "学生": Employment.STUDENT,
    "学龄前": Employment.PRESCHOOL,
    "其他": Employment.OTHER,
}


EMPLOYMENT_LABELS = {
    Employment.EMPLOYED: "在业",
    Employment.UNEMPLOYED: "失业",
    Employment.RETIRED: "离退休",
    Employment.STUDENT: "学生",
    Employment.PRESCHOOL: "学龄前",
    Employment.OTHER: "其他",
}


# The English codes are accepted too (files written by other systems).
for _relation in Relation.values:
    RELATIONS.setdefault(_relation, _relation)


for _kind, _places in LEGACY_KINDS.items():
    KINDS.setdefault(_kind, _places)


for _employment in Employment.values:
    EMPLOYMENTS.setdefault(_employment, _employment)


TAG_LABELS = {
    "alone": "独居老人",
    "empty_nest": "空巢老人",
    "aged_80": "80岁以上",
    "disability": "残疾",
    "dibao": "低保",
    "extreme_poverty": "特困",
    "unemployed": "失业",
    "veterans": "优抚",
    "correction": "社区矫正",
}


TAG_CODES = {label: code for code, label in TAG_LABELS.items()} | {code: code for code in TAG_LABELS}


TAG_SEPARATORS = re.compile(r"[、;；]")


DISABILITY_WITH_LEVEL = re.compile(r"^(?:残疾|disability)[:：]?([1-4])级?$")


CHUNK = 2000


EXAMPLE = [
    "1号楼",
    "1-101",
    "户主",
    "户籍",
    "张三",
    "110105194910010015",
    "13800138000",
    "汉族",
    "北京市朝阳区",
    "离退休",
    "独居老人",
    "本社区",
    "",
    "本户",
    "",
    "",
    "",
]


Rows = Iterator[tuple[int, dict[str, str]]]
