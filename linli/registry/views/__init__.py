"""Registry pages: thin — parse, call a query or an action, render.

One module per sub-domain; urls.py and other apps (`export_response`) use the names below.
"""

from linli.registry.views.care import tag_set
from linli.registry.views.files import (
    export,
    export_response,
    import_job,
    import_job_start_again,
    import_template,
    import_upload,
)
from linli.registry.views.households import (
    building_assign,
    building_detail,
    buildings,
    change_head,
    household_detail,
    member_add,
    merge,
    split,
)
from linli.registry.views.moves import death, move_in, move_out, transfer_decide, transfers
from linli.registry.views.rentals import rental_extend, rental_new, rentals
from linli.registry.views.reports import mine, report_decide, reports
from linli.registry.views.residence import hukou_move, residence_confirm, residence_lists, residence_move
from linli.registry.views.residents import resident_detail, resident_edit, search
from linli.registry.views.visits import visit_add, visits

__all__ = [
    "building_assign",
    "building_detail",
    "buildings",
    "change_head",
    "death",
    "export",
    "export_response",
    "household_detail",
    "hukou_move",
    "import_job",
    "import_job_start_again",
    "import_template",
    "import_upload",
    "member_add",
    "merge",
    "mine",
    "move_in",
    "move_out",
    "rental_extend",
    "rental_new",
    "rentals",
    "report_decide",
    "reports",
    "residence_confirm",
    "residence_lists",
    "residence_move",
    "resident_detail",
    "resident_edit",
    "search",
    "split",
    "tag_set",
    "transfer_decide",
    "transfers",
    "visit_add",
    "visits",
]
