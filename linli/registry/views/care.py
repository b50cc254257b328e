"""Care tags on a resident."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from linli.registry import actions, forms, queries
from linli.registry.views.common import _resident_action, flash_refusal, refusal_holder
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def tag_set(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    if request.method != "POST":
        return redirect("registry:resident", pk=pk)
    refused = refusal_holder()
    with onto_form(refused):
        if request.POST.get("remove"):
            actions.care_tag_remove(actor=request.user, resident=resident, tag=request.POST["remove"])
        else:
            form = forms.TagForm(request.POST, tags=queries.tag_choices_for(request.user, derived=False))
            if not form.is_valid():
                messages.error(request, _("Choose a care tag."))
                return redirect("registry:resident", pk=pk)
            d = form.cleaned_data
            actions.care_tag_set(
                actor=request.user, resident=resident, tag=d["tag"], level=d["level"], note=d["note"]
            )
    flash_refusal(request, refused)
    return redirect("registry:resident", pk=pk)
