"""Where periodic sweeps are found: each app may have a `sweeps` module."""

from importlib import import_module

from django.apps import apps


def load_all() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("linli."):
            try:
                import_module(f"{config.name}.sweeps")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.sweeps":
                    raise
