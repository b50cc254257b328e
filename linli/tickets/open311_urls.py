from django.urls import re_path

from linli.tickets import open311

app_name = "open311"
F = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^discovery" + F, open311.discovery, name="discovery"),
    re_path(r"^services" + F, open311.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + F, open311.service_definition, name="service"),
    re_path(r"^requests" + F, open311.requests, name="requests"),
    re_path(r"^requests/(?P<code>[\w-]+)" + F, open311.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + F, open311.token, name="token"),
]
