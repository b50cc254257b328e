"""A form field for a short list typed as rows: a choice and a few words per row.

Staff pick the kind of each row from a select with translated labels instead of typing a keyword
(`committee`, `unit`, …); the stored values stay the choices' values.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

Row = tuple[str, ...]
MAX_ROWS = 200


class RowsWidget(forms.Widget):
    template_name = "partials/rows_widget.html"

    def __init__(
        self,
        *,
        choices: Sequence[tuple[str, Any]],
        choice_label: Any,
        columns: Sequence[tuple[str, Any, int]],
        minimum: int,
        extra: int,
    ) -> None:
        super().__init__()
        self.choices = list(choices)
        self.choice_label = choice_label
        self.columns = list(columns)
        self.minimum = minimum
        self.extra = extra

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows: list[Row] = [tuple(r) for r in (value or [])]
        blank: Row = ("", *[""] * len(self.columns))
        rows += [blank] * (max(len(rows) + self.extra, self.minimum) - len(rows))
        context["widget"].update(
            choices=self.choices,
            choice_label=self.choice_label,
            columns=self.columns,
            rows=[
                {
                    "index": i,
                    "number": i + 1,
                    "choice": row[0],
                    "texts": list(zip(self.columns, row[1:], strict=True)),
                }
                for i, row in enumerate(rows)
            ],
        )
        return context

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> list[Row]:
        rows = []
        for i in range(MAX_ROWS):
            if f"{name}-{i}-choice" not in data:
                break
            texts = [str(data.get(f"{name}-{i}-{key}", "")).strip() for key, _label, _limit in self.columns]
            rows.append((str(data.get(f"{name}-{i}-choice", "")), *texts))
        return rows

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> bool:
        return f"{name}-0-choice" not in data

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-0-choice" if id_ else id_


class RowsField(forms.Field):
    """Rows of (choice, text, …); rows whose texts are all empty are dropped, the first text is needed.

    `columns` are (key, label, longest length) of the texts after the choice.
    """

    def __init__(
        self,
        *,
        choices: Sequence[tuple[str, Any]],
        choice_label: Any,
        columns: Sequence[tuple[str, Any, int]],
        minimum: int = 6,
        extra: int = 3,
        **kwargs: Any,
    ) -> None:
        self.choices = list(choices)
        self.columns = list(columns)
        widget = RowsWidget(
            choices=choices, choice_label=choice_label, columns=columns, minimum=minimum, extra=extra
        )
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value: Any) -> list[Row]:
        return [tuple(row) for row in (value or []) if any(row[1:])]

    def validate(self, value: Any) -> None:
        super().validate(value)
        allowed = {str(v) for v, _label in self.choices}
        for row in value:
            if row[0] not in allowed:
                raise ValidationError(_("Choose one of the options in every row."), code="invalid_choice")
            if not row[1]:
                raise ValidationError(
                    _("Fill in “%(column)s” in every row you use.") % {"column": self.columns[0][1]},
                    code="required",
                )
            for text, (_key, label, limit) in zip(row[1:], self.columns, strict=True):
                if len(text) > limit:
                    raise ValidationError(
                        _("“%(column)s” takes at most %(n)d characters.") % {"column": label, "n": limit},
                        code="max_length",
                    )
