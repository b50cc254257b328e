"""人户分离 (issue 21): where the 户口 is and where a person lives, recorded apart; the kinds derived.

Today's three kinds map onto the new fields (户籍 → here/here, 常住 → elsewhere in Beijing/here,
流动 → outside Beijing/here, the old assumption that everyone lives here kept as it was); the area
or province code of the 户口 is read from the free-text 户籍地 where it names one. The migration
prints what it could not place (`manage.py registry_placement_report` prints the same list later).
Each step is one statement over the whole table, so 1M residents take well under five minutes
on PostgreSQL (docs/benchmarks.md).
"""

from django.db import migrations, models

# The names 户籍地 is written with, and the code each gives. Beijing's 16 districts (GB/T 2260);
# the provinces by their first two digits.
BEIJING_DISTRICTS = [
    ("东城", "110101"),
    ("西城", "110102"),
    ("朝阳", "110105"),
    ("丰台", "110106"),
    ("石景山", "110107"),
    ("海淀", "110108"),
    ("门头沟", "110109"),
    ("房山", "110111"),
    ("通州", "110112"),
    ("顺义", "110113"),
    ("昌平", "110114"),
    ("大兴", "110115"),
    ("怀柔", "110116"),
    ("平谷", "110117"),
    ("密云", "110118"),
    ("延庆", "110119"),
]
PROVINCES = [
    ("天津", "12"),
    ("河北", "13"),
    ("山西", "14"),
    ("内蒙古", "15"),
    ("辽宁", "21"),
    ("吉林", "22"),
    ("黑龙江", "23"),
    ("上海", "31"),
    ("江苏", "32"),
    ("浙江", "33"),
    ("安徽", "34"),
    ("福建", "35"),
    ("江西", "36"),
    ("山东", "37"),
    ("河南", "41"),
    ("湖北", "42"),
    ("湖南", "43"),
    ("广东", "44"),
    ("广西", "45"),
    ("海南", "46"),
    ("重庆", "50"),
    ("四川", "51"),
    ("贵州", "52"),
    ("云南", "53"),
    ("西藏", "54"),
    ("陕西", "61"),
    ("甘肃", "62"),
    ("青海", "63"),
    ("宁夏", "64"),
    ("新疆", "65"),
    ("台湾", "71"),
    ("香港", "81"),
    ("澳门", "82"),
]


def _case(names: list[tuple[str, str]]) -> tuple[str, list[str]]:
    whens = " ".join("WHEN hukou_place LIKE %s THEN %s" for _ in names)
    params = [p for name, code in names for p in (f"%{name}%", code)]
    return f"CASE {whens} ELSE '' END", params


def _count(cursor, sql: str, params: list[str] | None = None) -> int:
    cursor.execute(sql, params or [])
    return int(cursor.fetchone()[0])


def place_everyone(apps, schema_editor) -> None:
    conn = schema_editor.connection
    r, h = "registry_resident", "registry_household"
    district, d_params = _case(BEIJING_DISTRICTS)
    province, p_params = _case(PROVINCES)
    if conn.vendor == "postgresql":
        since = "(registered_at AT TIME ZONE 'Asia/Shanghai')::date"
    else:
        since = "date(registered_at, '+8 hours')"
    with conn.cursor() as cursor:
        by_kind = {}
        cursor.execute(f"SELECT kind, count(*) FROM {r} GROUP BY kind")  # noqa: S608
        for kind, n in cursor.fetchall():
            by_kind[kind] = n
        cursor.execute(
            f"UPDATE {r} SET"  # noqa: S608
            " hukou_where = CASE kind WHEN 'resident' THEN 'beijing' WHEN 'floating' THEN 'outside' ELSE 'here' END,"
            f" hukou_code = CASE kind WHEN 'resident' THEN {district} WHEN 'floating' THEN {province} ELSE '' END,"
            " lives_where = 'here',"
            f" lives_since = {since}",
            [*d_params, *p_params],
        )
        unknown_kind = _count(
            cursor,
            f"SELECT count(*) FROM {r} WHERE kind NOT IN ('registered', 'resident', 'floating')",  # noqa: S608
        )
        beijing_no_code = _count(
            cursor, f"SELECT count(*) FROM {r} WHERE hukou_where = 'beijing' AND hukou_code = ''"
        )  # noqa: S608
        outside_no_code = _count(
            cursor, f"SELECT count(*) FROM {r} WHERE hukou_where = 'outside' AND hukou_code = ''"
        )  # noqa: S608
        no_dwelling = _count(
            cursor,
            f"SELECT count(*) FROM {h} WHERE is_active AND dwelling_id IS NULL",  # noqa: S608
        )
    total = sum(by_kind.values())
    if not total:  # a new database: nothing to place, nothing to say
        return
    print(  # noqa: T201  (the migration's report is its output)
        "\n  registry 0007: placed {total} residents (户籍 {reg} → here/here, 常住 {res} → Beijing/here,"
        " 流动 {flo} → outside/here).\n"
        "  Not placed: {unknown} of an unknown old kind (taken as registered and living here);"
        " {bj} 常住 without a district in 户籍地 (area code unknown);"
        " {out} 流动 without a province in 户籍地 (province code unknown);"
        " {nod} active households without a dwelling (空挂户 or 集体户 to resolve: taken as living here).".format(
            total=total,
            reg=by_kind.get("registered", 0),
            res=by_kind.get("resident", 0),
            flo=by_kind.get("floating", 0),
            unknown=unknown_kind,
            bj=beijing_no_code,
            out=outside_no_code,
            nod=no_dwelling,
        )
    )


def kinds_back(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_resident SET kind = CASE hukou_where WHEN 'beijing' THEN 'resident'"
            " WHEN 'outside' THEN 'floating' ELSE 'registered' END"
        )
        cursor.execute(
            "UPDATE registry_household SET kind = COALESCE((SELECT r.kind FROM registry_resident r"
            " WHERE r.id = registry_household.head_id), 'registered')"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("registry", "0006_importjob_heartbeat"),
    ]

    operations = [
        # A default for the old kinds, so that going back (kinds_back) can add them again.
        migrations.AlterField(
            model_name="resident",
            name="kind",
            field=models.CharField(default="", max_length=16, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="household",
            name="kind",
            field=models.CharField(default="", max_length=16, verbose_name="kind"),
        ),
        migrations.AddField(
            model_name="changereport",
            name="lives_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="address where they live"),
        ),
        migrations.AddField(
            model_name="changereport",
            name="lives_since",
            field=models.DateField(blank=True, null=True, verbose_name="living there since"),
        ),
        migrations.AddField(
            model_name="changereport",
            name="lives_where",
            field=models.CharField(
                blank=True,
                choices=[("here", "this dwelling"), ("elsewhere", "elsewhere"), ("unknown", "unknown")],
                max_length=10,
                verbose_name="lives",
            ),
        ),
        migrations.AddField(
            model_name="household",
            name="collective_unit",
            field=models.CharField(blank=True, max_length=100, verbose_name="collective household of (unit)"),
        ),
        migrations.AddField(
            model_name="resident",
            name="hukou_code",
            field=models.CharField(blank=True, max_length=12, verbose_name="area code of the 户口"),
        ),
        migrations.AddField(
            model_name="resident",
            name="hukou_where",
            field=models.CharField(
                choices=[
                    ("here", "this community"),
                    ("beijing", "elsewhere in Beijing"),
                    ("outside", "outside Beijing"),
                ],
                default="here",
                max_length=10,
                verbose_name="户口 (registered residence)",
            ),
        ),
        migrations.AddField(
            model_name="resident",
            name="lives_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="address where they live"),
        ),
        migrations.AddField(
            model_name="resident",
            name="lives_code",
            field=models.CharField(blank=True, max_length=12, verbose_name="area code where they live"),
        ),
        migrations.AddField(
            model_name="resident",
            name="lives_since",
            field=models.DateField(blank=True, null=True, verbose_name="living there since"),
        ),
        migrations.AddField(
            model_name="resident",
            name="lives_where",
            field=models.CharField(
                choices=[("here", "this dwelling"), ("elsewhere", "elsewhere"), ("unknown", "unknown")],
                default="here",
                max_length=10,
                verbose_name="lives",
            ),
        ),
        migrations.AddField(
            model_name="resident",
            name="residence_checked_on",
            field=models.DateField(blank=True, null=True, verbose_name="residence last confirmed"),
        ),
        migrations.RunPython(place_everyone, kinds_back, elidable=False),
        migrations.RemoveIndex(
            model_name="household",
            name="registry_ho_communi_dac1f6_idx",
        ),
        migrations.RemoveIndex(
            model_name="resident",
            name="registry_re_communi_2d04fa_idx",
        ),
        migrations.RemoveField(
            model_name="household",
            name="kind",
        ),
        migrations.RemoveField(
            model_name="transferrequest",
            name="kind",
        ),
        migrations.RemoveField(
            model_name="resident",
            name="kind",
        ),
        migrations.AddField(
            model_name="resident",
            name="kind",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(hukou_where="here", lives_where="here", then=models.Value("consistent")),
                    models.When(hukou_where="here", then=models.Value("away")),
                    models.When(hukou_where="beijing", lives_where="here", then=models.Value("incoming")),
                    models.When(lives_where="here", then=models.Value("floating")),
                    default=models.Value("gone"),
                ),
                output_field=models.CharField(
                    choices=[
                        ("consistent", "registered and living here (人户一致)"),
                        ("away", "registered here, living elsewhere (户在人不在)"),
                        ("incoming", "living here, registered elsewhere in Beijing (人在户不在)"),
                        ("floating", "floating population (流动)"),
                        ("gone", "registered elsewhere and not living here"),
                    ],
                    max_length=12,
                    verbose_name="kind",
                ),
            ),
        ),
        migrations.AlterField(
            model_name="changereport",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_member", "a new member of the household"),
                    ("moving_out", "a member moving out"),
                    ("new_phone", "a new mobile number"),
                    ("residence", "a change of where a member lives"),
                ],
                max_length=16,
                verbose_name="what changed",
            ),
        ),
        migrations.AlterField(
            model_name="registryevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registered", "registered"),
                    ("moved_in", "moved in"),
                    ("moved_out", "moved out of the city"),
                    ("transferred_out", "moved to another community"),
                    ("transferred_in", "moved in from another community"),
                    ("born", "born"),
                    ("died", "died"),
                    ("head_changed", "head of household changed"),
                    ("split", "household split"),
                    ("merged", "households merged"),
                    ("changed", "details changed"),
                    ("imported", "imported"),
                    ("residence_moved", "moved residence, 户口 unchanged"),
                    ("hukou_moved", "户口 moved, residence unchanged"),
                    ("residence_checked", "residence confirmed"),
                ],
                max_length=20,
                verbose_name="what happened",
            ),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["community", "is_active"], name="registry_household_active"),
        ),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(fields=["community", "status", "kind"], name="registry_resident_kind"),
        ),
    ]
