from django.urls import path

from linli.operations.admission import views
from linli.operations.emergencies import views as emergency_views
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
    path("emergencies/w/<str:code>/cap.xml", emergency_views.alert_cap, name="alert_cap"),
    path("welfare/<str:code>/", welfare_views.check_detail, name="check"),
    path("welfare/item/<int:pk>/record/", welfare_views.item_record, name="item_record"),
]
