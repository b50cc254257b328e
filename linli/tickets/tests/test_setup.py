"""Set-up actions (tickets/setup.py); the holiday notice has its own file, test_calendar_notice.py."""

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.tickets import setup
from linli.tickets.models import Category, Department


def test_city_admin_adds_a_category_with_an_audit_event(city_admin, db):
    category = setup.category_save(
        actor=city_admin, category=None, code=" Lift-Stuck ", name="电梯困人", response_hours=1
    )
    assert Category.objects.get(code="lift-stuck") == category
    assert AuditEvent.objects.filter(action="tickets.category.created", object_id=str(category.pk)).exists()


def test_a_street_officer_cannot_change_categories(street_officer, leak):
    with pytest.raises(Forbidden):
        setup.category_save(actor=street_officer, category=leak, code=leak.code, name="改名")
    assert Category.objects.get(pk=leak.pk).name == leak.name


def test_a_category_code_is_unique(city_admin, leak):
    with pytest.raises(DomainError) as refused:
        setup.category_save(actor=city_admin, category=None, code=leak.code.upper(), name="重复")
    assert refused.value.code == "code_taken"


def test_street_officer_adds_a_department_to_their_street(tree, street_officer):
    department = setup.department_create(actor=street_officer, street=tree.street, name=" 城管执法队 ")
    assert department.name == "城管执法队"
    assert AuditEvent.objects.filter(action="tickets.department.created").count() == 1


def test_departments_belong_to_streets_in_reach_only(tree, street_officer, worker_a, agent):
    with pytest.raises(NotFound):
        setup.department_create(actor=street_officer, street=tree.other_street, name="城管")
    with pytest.raises(NotFound):
        setup.department_create(actor=worker_a, street=tree.street, name="城管")
    with pytest.raises(Forbidden):  # the hotline sees the street's tickets but does not supervise it
        setup.department_create(actor=agent, street=tree.street, name="城管")
    with pytest.raises(DomainError) as refused:
        setup.department_create(actor=street_officer, street=tree.community_a, name="城管")
    assert refused.value.code == "not_a_street"
    assert not Department.objects.filter(name="城管").exists()
