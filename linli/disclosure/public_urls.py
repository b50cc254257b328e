"""The public board of each community: no login, only published notices and approved figures."""

from django.urls import path

from linli.disclosure import views
from linli.finance import views as finance_views

app_name = "public"
urlpatterns = [
    path("<str:code>/", views.public_index, name="index"),
    path("<str:code>/finance/", finance_views.public_finance, name="finance"),
    path("<str:code>/donations/", finance_views.public_donations, name="donations"),
    path("<str:code>/i/<str:item>/", views.public_item, name="item"),
    path("<str:code>/i/<str:item>/print/", views.public_print, name="print"),
]
