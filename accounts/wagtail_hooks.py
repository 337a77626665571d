from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation


class OrganisationFilterSet(WagtailFilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "verification_status"]


class OrganisationViewSet(SnippetViewSet):
    """Editors verify organisations here and see who belongs to them."""

    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "name_en", "kind", "verification_status", "created_at"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_en"]
    # Plain substring matching: the page search backend does not split Chinese into words.
    search_backend_name = None
    ordering = ["verification_status", "name"]
    list_per_page = 50


class PeopleViewSetGroup(SnippetViewSetGroup):
    menu_label = _("People and organisations")
    menu_icon = "group"
    menu_order = 210
    items = (OrganisationViewSet,)


register_snippet(PeopleViewSetGroup)


@hooks.register("after_edit_snippet")
def record_verifying_editor(request, instance):
    """Who verified an organisation, and when, is kept beside the status."""
    if not isinstance(instance, Organisation):
        return
    verified = instance.verification_status == Organisation.Verification.VERIFIED
    if verified and instance.verified_by_id is None:
        instance.verified_by = request.user
        instance.verified_at = timezone.now()
        instance.save(update_fields=["verified_by", "verified_at"])
    elif not verified and instance.verified_at is not None:
        instance.verified_by = None
        instance.verified_at = None
        instance.save(update_fields=["verified_by", "verified_at"])
