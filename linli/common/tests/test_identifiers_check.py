"""`manage.py identifiers_check` finds identifiers stored before input was normalised."""

import io

import pytest
from django.core.management import CommandError, call_command

from conftest import id_number
from linli.common.crypto import blind_index
from linli.registry.actions import PersonData, household_register
from linli.registry.models import Resident

ID = id_number("19491231", "002")
ONE_FULL_WIDTH = ID[:10] + "\uff11" + ID[11:]


def _check(*args: str) -> str:
    out = io.StringIO()
    call_command("identifiers_check", *args, stdout=out)
    return out.getvalue()


def test_a_full_width_id_stored_earlier_is_reported_with_its_ascii_twin(tree):
    twin = household_register(
        actor=None, community=tree.community_a, head=PersonData(name="张三", id_number=ID)
    ).head
    old = household_register(
        actor=None,
        community=tree.community_b,
        head=PersonData(name="张三", id_number=id_number("19600101", "013")),
    ).head
    # As the review found it: stored with the full-width digit, indexed under that spelling.
    Resident.objects.filter(pk=old.pk).update(
        id_number=ONE_FULL_WIDTH, id_index=blind_index("id_number", ONE_FULL_WIDTH)
    )
    report = _check()
    assert f"registry.Resident.id_number #{old.pk}: not in its one spelling; same as #{twin.pk}" in report
    assert ONE_FULL_WIDTH not in report and ID not in report  # never the value itself
    assert "1 identifiers to look at" in report
    with pytest.raises(CommandError):
        _check("--fail")
    assert Resident.objects.get(pk=old.pk).id_number == ONE_FULL_WIDTH  # report only


def test_a_clean_database_reports_nothing(household_a):
    assert _check("--fail").strip().endswith("0 identifiers to look at")
