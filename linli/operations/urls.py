from django.urls import path

from linli.operations.admission import views

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
]
