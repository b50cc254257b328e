from django.urls import path

from linli.tickets import steps, views

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
    # One URL per step on a ticket (the paths are those of the former single `do/<step>/` view).
    path("<str:code>/do/accept/", steps.ticket_accept, name="accept"),
    path("<str:code>/do/start/", steps.ticket_start, name="start"),
    path("<str:code>/do/resolve/", steps.ticket_resolve, name="resolve"),
    path("<str:code>/do/reject/", steps.ticket_reject, name="reject"),
    path("<str:code>/do/escalate/", steps.ticket_escalate, name="escalate"),
    path("<str:code>/do/reopen/", steps.ticket_reopen, name="reopen"),
    path("<str:code>/do/transfer/", steps.ticket_transfer, name="transfer"),
    path("<str:code>/do/call/", steps.ticket_call, name="call"),
    path("<str:code>/do/report/", steps.call_report, name="report"),
    path("<str:code>/do/extend/", steps.extension_request, name="extend"),
    path("<str:code>/do/decide/", steps.extension_decide, name="decide"),
    path("<str:code>/do/supervise/", steps.ticket_supervise, name="supervise"),
    path("<str:code>/do/evaluate/", steps.ticket_evaluate, name="evaluate"),
    path("<str:code>/do/return_visit/", steps.ticket_return_visit, name="return_visit"),
    path("<str:code>/do/link/", steps.ticket_link, name="link"),
    path("<str:code>/do/photo/", steps.photo_add, name="photo"),
]
