from django.urls import path

from linli.operations.admission import views
from linli.operations.emergencies import task_views
from linli.operations.emergencies import views as emergency_views
from linli.operations.plans import views as plan_views
from linli.operations.welfare import views as welfare_views

app_name = "operations"
urlpatterns = [
    path("", views.index, name="index"),
    path("list/<str:code>/", views.public_list, name="list"),
    path("items/<str:code>/revoke/", views.item_revoke, name="item_revoke"),
    path("apply/", views.application_new, name="application_new"),
    path("a/<str:code>/", views.application_detail, name="application"),
    path("a/<str:code>/review/", views.application_review, name="application_review"),
    path("a/<str:code>/decide/", views.application_decide, name="application_decide"),
    path("c/<str:code>/tasks/", views.community_tasks, name="tasks"),
    path("c/<str:code>/tasks/new/", views.task_new, name="task_new"),
    path("t/<str:code>/", views.task_detail, name="task"),
    path("t/<str:code>/refuse/", views.task_refuse, name="task_refuse"),
    path("t/<str:code>/take/", views.task_take, name="task_take"),
    path("t/<str:code>/complete/", views.task_complete, name="task_complete"),
    path("burden/<str:code>/", views.burden, name="burden"),
    path("emergencies/", emergency_views.index, name="emergencies"),
    path("emergencies/new/", emergency_views.incident_new, name="incident_new"),
    path("emergencies/i/<str:code>/", emergency_views.incident_detail, name="incident"),
    path("emergencies/i/<str:code>/note/", emergency_views.incident_note, name="incident_note"),
    path("emergencies/i/<str:code>/close/", emergency_views.incident_close, name="incident_close"),
    path("emergencies/i/<str:code>/alert/", emergency_views.incident_alert, name="incident_alert"),
    path("emergencies/i/<str:code>/check/", emergency_views.incident_check, name="incident_check"),
    path("emergencies/w/<str:code>/cancel/", emergency_views.alert_cancel, name="alert_cancel"),
    path("emergencies/i/<str:code>/tasks/", task_views.task_new, name="incident_task_new"),
    path("emergencies/tasks/mine/", task_views.my_tasks, name="my_incident_tasks"),
    path("emergencies/tasks/<int:pk>/done/", task_views.task_done, name="incident_task_done"),
    path("emergencies/alerts.atom", emergency_views.cap_feed, name="cap_feed"),
    path("emergencies/w/<str:code>/cap.xml", emergency_views.alert_cap, name="alert_cap"),
    path("welfare/mine/", welfare_views.my_checks, name="my_checks"),
    path("welfare/item/<int:pk>/record/", welfare_views.item_record, name="item_record"),
    path("welfare/item/<int:pk>/ticket/", welfare_views.item_ticket, name="item_ticket"),
    path("welfare/item/<int:pk>/order/", welfare_views.item_order, name="item_order"),
    path("welfare/<str:code>/", welfare_views.check_detail, name="check"),
    path("plans/", plan_views.index, name="plans"),
    path("plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/p/<str:code>/", plan_views.plan_detail, name="plan"),
    path("plans/p/<str:code>/revise/", plan_views.plan_revise, name="plan_revise"),
    path("plans/p/<str:code>/contacts/", plan_views.contact_new, name="contact_new"),
    path("plans/p/<str:code>/drills/", plan_views.drill_new, name="drill_new"),
    path("plans/contact/<int:pk>/remove/", plan_views.contact_remove, name="contact_remove"),
    path("shelters/new/", plan_views.shelter_new, name="shelter_new"),
    path("shelters/s/<str:code>/", plan_views.shelter_detail, name="shelter"),
    path("shelters/s/<str:code>/open/", plan_views.shelter_open, name="shelter_open"),
    path("shelters/s/<str:code>/check-in/", plan_views.check_in, name="shelter_check_in"),
    path("shelters/stay/<int:pk>/check-out/", plan_views.check_out, name="shelter_check_out"),
]
