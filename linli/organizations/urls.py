from django.urls import path

from linli.organizations import party_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
    path("overdue/", views.overdue, name="overdue"),
    path("targets/", views.targets_page, name="targets"),
    path("import/", views.import_page, name="import"),
    path("c/<str:code>/new/", views.org_new, name="org_new"),
    path("g/<str:code>/", views.org_detail, name="org"),
    path("g/<str:code>/edit/", views.org_edit, name="org_edit"),
    path("g/<str:code>/grade/", views.org_grade, name="org_grade"),
    path("g/<str:code>/dissolve/", views.org_dissolve, name="org_dissolve"),
    path("g/<str:code>/members/add/", views.member_add, name="member_add"),
    path("g/<str:code>/members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("g/<str:code>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("g/<str:code>/officers/election/", views.officer_election_start, name="officer_election_start"),
    path("g/<str:code>/officers/election/<str:election>/apply/", views.officers_apply, name="officers_apply"),
    path("g/<str:code>/activities/add/", views.activity_add, name="activity_add"),
    path("g/<str:code>/reports/submit/", views.report_submit, name="report_submit"),
    path("g/<str:code>/contracts/add/", views.contract_add, name="contract_add"),
    path("k/<str:code>/", views.contract_detail, name="contract"),
    path("k/<str:code>/close/", views.contract_close, name="contract_close"),
    path("c/<str:code>/party/", party_views.party, name="party"),
    path("c/<str:code>/party/add/", party_views.party_org_add, name="party_org_add"),
    path("c/<str:code>/party/members/add/", party_views.party_member_add, name="party_member_add"),
    path("c/<str:code>/party/worker/", party_views.party_worker_set, name="party_worker_set"),
    path("party-members/<int:pk>/out/", party_views.party_member_out, name="party_member_out"),
]
