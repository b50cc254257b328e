"""Where periodic sweeps are found: each app may have a `sweeps` module (this one holds common's)."""

from importlib import import_module

from django.apps import apps

from linli.common.jobs import periodic
from linli.common.tempfiles import tempfiles_sweep


def load_all() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("linli."):
            try:
                import_module(f"{config.name}.sweeps")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.sweeps":
                    raise


@periodic(seconds=600)
def tempfiles_cleanup() -> None:
    """Temporary files with personal data that a killed process left behind."""
    tempfiles_sweep()
