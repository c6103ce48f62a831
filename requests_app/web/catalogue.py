"""Public catalogue pages (no login, no personal data): the DIP, the DIK and DIP item files."""

from __future__ import annotations

import posixpath

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from requests_app.errors import ObjectNotFound
from requests_app.models import InformationClass, PublicBody
from requests_app.selectors.catalogue import dik_list, dip_item_file_get, dip_list
from requests_app.selectors.citizen import public_body_list

PAGE_SIZE = 20


class CatalogueFilterForm(forms.Form):
    """GET filters; an invalid value is reported on the page and that filter is ignored."""

    badan = forms.ModelChoiceField(
        label=_("Badan publik"),
        queryset=PublicBody.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Semua badan publik"),
    )
    klasifikasi = forms.ChoiceField(
        label=_("Klasifikasi"),
        choices=[("", _("Semua klasifikasi")), *InformationClass.choices],
        required=False,
    )
    q = forms.CharField(label=_("Kata kunci"), max_length=200, required=False)

    def __init__(self, *args, bodies, with_class: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badan"].queryset = bodies
        if not with_class:
            del self.fields["klasifikasi"]

    def filters(self) -> dict:
        """The valid filters as selector keyword arguments."""
        data = self.cleaned_data if self.is_bound else {}
        found = {"body": data.get("badan"), "q": data.get("q", "")}
        if "klasifikasi" in self.fields:
            found["information_class"] = data.get("klasifikasi", "")
        return found


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _filter_form(request, *, with_class: bool) -> CatalogueFilterForm:
    bodies = public_body_list()
    form = CatalogueFilterForm(request.GET or None, bodies=bodies, with_class=with_class)
    form.is_valid()
    return form


def _querystring(request) -> str:
    """The current filters without the page number, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def dip_page(request):
    form = _filter_form(request, with_class=True)
    page = _page(request, dip_list(**form.filters()))
    context = {"form": form, "page": page, "querystring": _querystring(request)}
    return render(request, "public/dip_list.html", context)


@require_GET
def dik_page(request):
    form = _filter_form(request, with_class=False)
    page = _page(request, dik_list(**form.filters()))
    context = {"form": form, "page": page, "querystring": _querystring(request)}
    return render(request, "public/dik_list.html", context)


@require_GET
def dip_file(request, pk: int):
    """The file of a published DIP item: public by definition (Pasal 9-11), so no login."""
    try:
        item = dip_item_file_get(pk=pk)
        handle = item.file.open("rb")
    except (ObjectNotFound, FileNotFoundError) as error:
        raise Http404("DIP file not available") from error
    return FileResponse(handle, as_attachment=True, filename=posixpath.basename(item.file.name))
