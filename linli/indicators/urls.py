from django.urls import path

from linli.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("open/indicators.json", views.open_data, {"fmt_": "json"}, name="open_json"),
    path("open/indicators.csv", views.open_data, {"fmt_": "csv"}, name="open_csv"),
    path("a/<str:code>/", views.dashboard, name="dashboard"),
    path("a/<str:code>/print/", views.dashboard_print, name="print"),
    path("a/<str:code>/export.csv", views.export, {"fmt_": "csv"}, name="export_csv"),
    path("a/<str:code>/export.xlsx", views.export, {"fmt_": "xlsx"}, name="export_xlsx"),
    path("a/<str:code>/scorecard/", views.scorecard, name="scorecard"),
    path("a/<str:code>/sign-off/", views.signoff, name="signoff"),
    path("a/<str:code>/i/<str:ind>/", views.indicator, name="indicator"),
    path("a/<str:code>/i/<str:ind>/enter/", views.entry, name="entry"),
]
