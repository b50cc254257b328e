"""The bulk write is a second copy of `Resident.save()`: the rows it stores must be the ORM's."""

import csv
import datetime as dt

from conftest import id_number
from linli.registry import importing
from linli.registry.actions import PersonData, household_register, resident_add
from linli.registry.importing.columns import EMPLOYMENT_LABELS, RELATION_LABELS
from linli.registry.models import Employment, Household, Relation, Resident, ResidentStatus

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)
HEAD = PersonData(
    name="钱学林",
    id_number=id_number("19580312", "031"),
    phone="13812345678",
    ethnicity="回族",
    hukou_place="北京市朝阳区",
    employment=Employment.RETIRED,
)
SPOUSE = PersonData(
    name="孙梅",
    id_number=id_number("19600704", "042"),
    ethnicity="汉族",
    hukou_place="河北省保定市",
    employment=Employment.EMPLOYED,
)
# Rows of two different households: their own keys and the household they point at differ.
NOT_COMPARED = {"id", "household_id"}


def _row(person: PersonData, relation: str, dwelling) -> list[str]:
    return [
        dwelling.building.name,
        dwelling.number,
        RELATION_LABELS[relation],
        "户籍",
        person.name,
        person.id_number,
        person.phone,
        person.ethnicity,
        person.hukou_place,
        EMPLOYMENT_LABELS[person.employment],
    ]


def _stored(resident: Resident) -> dict:
    """Every column as the ORM reads it back: encrypted fields decrypted, blind indexes as stored."""
    resident.refresh_from_db()
    return {f.attname: getattr(resident, f.attname) for f in Resident._meta.concrete_fields}


def test_an_imported_resident_is_stored_exactly_as_the_action_stores_them(
    tree, worker_a, dwelling_a, tmp_path
):
    path = tmp_path / "one-household.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(importing.COLUMNS)
        writer.writerow(_row(HEAD, Relation.HEAD, dwelling_a))
        writer.writerow(_row(SPOUSE, Relation.SPOUSE, dwelling_a))
    result = importing.residents_import(
        actor=worker_a,
        community=tree.community_a,
        source=importing.reader_for(path, "csv"),
        file_name=path.name,
        now=NOW,
    )
    assert result.written, result.errors
    imported_household = Household.objects.get(community=tree.community_a)
    imported = {r.relation: _stored(r) for r in imported_household.members.all()}
    imported_head = imported_household.head_id
    # The same people cannot be active twice: the imported records step aside (test set-up only).
    imported_household.members.update(status=ResidentStatus.MOVED_OUT)

    household = household_register(
        actor=worker_a,
        community=tree.community_a,
        head=HEAD,
        dwelling=dwelling_a,
        now=NOW,
    )
    resident_add(actor=worker_a, household=household, person=SPOUSE, relation=Relation.SPOUSE, now=NOW)
    saved = {r.relation: _stored(r) for r in household.members.exclude(status=ResidentStatus.MOVED_OUT)}

    assert set(imported) == set(saved) == {Relation.HEAD, Relation.SPOUSE}
    for relation, row in saved.items():
        different = {
            name: (imported[relation][name], value)
            for name, value in row.items()
            if name not in NOT_COMPARED and imported[relation][name] != value
        }
        assert different == {}, f"{relation}: imported vs saved {different}"
    assert imported_head == imported[Relation.HEAD]["id"]
    household.refresh_from_db()
    imported_household.refresh_from_db()
    for field in Household._meta.concrete_fields:
        if field.name not in {"id", "code", "head"}:  # own key, own code, own head
            name = field.attname
            assert getattr(imported_household, name) == getattr(household, name), name
