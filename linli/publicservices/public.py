"""The assistance section of the community's public board (registered in apps.py)."""

from linli.publicservices.assistance.views import notice_page

__all__ = ["notice_page"]
