from django.urls import path

from linli.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("buildings/", views.buildings, name="buildings"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("buildings/<int:pk>/assign/", views.building_assign, name="building_assign"),
    path("households/new/", views.move_in, name="move_in"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/members/", views.member_add, name="member_add"),
    path("households/<int:pk>/birth/", views.member_add, {"birth": True}, name="birth"),
    path("households/<int:pk>/head/", views.change_head, name="change_head"),
    path("households/<int:pk>/split/", views.split, name="split"),
    path("households/<int:pk>/merge/", views.merge, name="merge"),
    path("residents/<int:pk>/", views.resident_detail, name="resident"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/move-out/", views.move_out, name="move_out"),
    path("residents/<int:pk>/death/", views.death, name="death"),
    path("residents/<int:pk>/tags/", views.tag_set, name="tag_set"),
    path("residents/<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/", views.transfer_decide, name="transfer_decide"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_decide, name="report_decide"),
    path("mine/", views.mine, name="mine"),
    path("rentals/", views.rentals, name="rentals"),
    path("rentals/new/", views.rental_new, name="rental_new"),
    path("rentals/<int:pk>/extend/", views.rental_extend, name="rental_extend"),
    path("visits/", views.visits, name="visits"),
    path("import/", views.import_upload, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("import/<str:code>/", views.import_job, name="import_job"),
    path("import/<str:code>/again/", views.import_job_start_again, name="import_job_again"),
    path("export/", views.export, name="export"),
]
