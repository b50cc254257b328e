"""The file format: column headers (Chinese whatever the UI language is), the labels of codes, and sizes."""

import re
from collections.abc import Iterator

from linli.registry.models import (
    Employment,
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


OPTIONAL_COLUMNS = {TAGS_COLUMN: "tags", "关怀标签": "tags"}


TEMPLATE_COLUMNS = [*COLUMNS, TAGS_COLUMN]


EXPORT_COLUMNS = [*COLUMNS, TAGS_COLUMN, "户编号"]


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


KINDS: dict[str, str] = {
    "户籍": ResidenceKind.REGISTERED,
    "常住": ResidenceKind.RESIDENT,
    "流动": ResidenceKind.FLOATING,
}


KIND_LABELS = {v: k for k, v in KINDS.items()}


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


for _kind in ResidenceKind.values:
    KINDS.setdefault(_kind, ResidenceKind(_kind))


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
]


Rows = Iterator[tuple[int, dict[str, str]]]
