"""Import and export of residents as CSV or XLSX with Chinese column headers.

An import never holds the file in memory: the first pass parses and checks every row in chunks
(ID digests go to a temporary table, where duplicates within the file and IDs already active
anywhere are found in one query each; the checked values go to a temporary file), the second pass
reads them back and writes all rows in one transaction — on PostgreSQL with COPY, encrypting while
the server stores the rows before — or nothing at all.

File layout: one row per person. A row whose relation is 户主 starts a household; the rows after
it, until the next 户主, are its members. 楼栋 must name an existing building of the community;
房屋 (a dwelling in it) is created when missing.

Modules: `columns` (the format), `read` (files, limits), `check` (rows), `write` (the bulk write),
`run` (the import's steps), `exports` (template and export rows). This package re-exports what
views, jobs and tests use.
"""

from linli.registry.importing.check import Checker, ImportResult, Prepared
from linli.registry.importing.columns import COLUMNS, EXAMPLE, TAG_LABELS, TAGS_COLUMN
from linli.registry.importing.exports import export_rows, template_csv, template_xlsx
from linli.registry.importing.read import read_csv, read_xlsx, reader_for
from linli.registry.importing.run import residents_import

__all__ = [
    "COLUMNS",
    "EXAMPLE",
    "TAGS_COLUMN",
    "TAG_LABELS",
    "Checker",
    "ImportResult",
    "Prepared",
    "export_rows",
    "read_csv",
    "read_xlsx",
    "reader_for",
    "residents_import",
    "template_csv",
    "template_xlsx",
]
