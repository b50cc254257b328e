from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "linli.api"
    verbose_name = "API"
