from django.urls import path

from linli.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("funding/", views.funding_index, name="funding"),
    path("funding/<int:year>/", views.funding_year, name="funding_year"),
    path("c/<str:code>/", views.ledger, name="ledger"),
    path("c/<str:code>/new/", views.entry_new, name="entry_new"),
    path("c/<str:code>/periods/", views.periods, name="periods"),
    path("c/<str:code>/budget/", views.budget, name="budget"),
    path("c/<str:code>/donations/", views.donations, name="donations"),
    path("e/<str:code>/", views.entry_detail, name="entry"),
    path("e/<str:code>/voucher/", views.voucher, name="voucher"),
    path("e/<str:code>/<str:step>/", views.entry_step, name="entry_step"),
]
