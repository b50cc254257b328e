"""Registry words that other apps also use read as the registry means them (pgettext contexts)."""

from conftest import id_number
from linli.registry.actions import PersonData, resident_add


def test_a_household_member_who_is_a_parent_reads_as_parent_not_parent_area(household_a, worker_a, login):
    resident_add(
        actor=None,
        household=household_a,
        relation="parent",
        person=PersonData(name="王老太", id_number=id_number("19300505", "042")),
    )
    body = login(worker_a).get(f"/registry/households/{household_a.pk}/").content.decode()
    assert "王老太" in body and "父母" in body and "上级区域" not in body


def test_disability_grades_are_offered_as_words_in_both_languages():
    from django.utils import translation

    from linli.registry.forms import TagForm

    with translation.override("zh-hans"):
        assert "2级" in str(TagForm()["level"])
    with translation.override("en"):
        assert "grade 2" in str(TagForm()["level"])
