"""Phone layout (390 px): the menu folds, tables scroll inside their box. Screenshots: h12c report."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

LINLI = Path(__file__).resolve().parents[2]


def test_every_table_in_every_template_scrolls_inside_a_table_wrap():
    unwrapped = []
    for template in LINLI.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", text))
        wrapped = len(re.findall(r'class="table-wrap"[^>]*>\s*<table\b', text))
        if tables != wrapped:
            unwrapped.append(template.relative_to(LINLI).as_posix())
    assert unwrapped == []


def test_the_menu_folds_behind_a_button_from_a_static_script_and_stays_open_without_it(worker_a, login):
    page = login(worker_a).get("/tickets/").content.decode()
    # The button starts hidden (no JavaScript: the menu is simply open) and controls the list.
    assert re.search(
        r'<button type="button" class="nav-toggle" aria-expanded="false"'
        r' aria-controls="main-menu" hidden>菜单',
        page,
    )
    assert '<ul id="main-menu">' in page
    # No inline script: the behaviour comes from a static file, which exists.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert finders.find("linli/nav.js")
    css = Path(finders.find("linli/css/linli.css")).read_text(encoding="utf-8")
    assert ".js .main-nav:not(.open) ul { display: none; }" in css
