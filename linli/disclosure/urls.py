from django.urls import path

from linli.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("schedules/", views.schedules, name="schedules"),
    path("board/", views.mine, name="mine"),
    path("c/<str:code>/", views.community, name="community"),
    path("i/<str:code>/", views.item, name="item"),
]
