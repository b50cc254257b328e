from django.urls import path

from linli.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.ticket_new, name="new"),
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/lookup/", views.hotline_lookup, name="hotline_lookup"),
    path("overdue/", views.overdue, name="overdue"),
    path("rates/", views.rates, name="rates"),
    path("rates.xlsx", views.rates_xlsx, name="rates_xlsx"),
    path("hot-spots/", views.hot_spots, name="hotspots"),
    path("categories/", views.categories, name="categories"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("departments/", views.departments, name="departments"),
    path("notifications/", views.notifications, name="notifications"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:code>/", views.ticket_detail, name="detail"),
    path("<str:code>/do/<str:step>/", views.ticket_step, name="step"),
]
