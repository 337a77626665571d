"""Private files (thread files, NDAs, listing and product attachments) live in their own storage under
random names and reach people only through the permission-checked download views, in every mode: with
DEBUG on (the embedded default and `make demo`), `/media/` serves public media and nothing else."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse

import marketplace.urls
from accounts.roles import Role
from core.checks import check_private_storage
from core.uploads import PrivateFileSystemStorage, move_files
from dealflow import services as dealflow_services
from dealflow.models import MatchRequest, ThreadFile
from listings import services as listings_services
from listings.models import DemandAttachment, TechnologyAttachment
from procurement import services as procurement_services
from procurement.models import ProductAttachment
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PRIVATE_FIELDS = [
    (ThreadFile, "file"),
    (MatchRequest, "nda_document"),
    (TechnologyAttachment, "file"),
    (DemandAttachment, "file"),
    (ProductAttachment, "file"),
]


@pytest.fixture
def on_disk(tmp_path, settings, monkeypatch):
    """The embedded default's layout: DEBUG on, public media and private files in two folders."""
    media, private = tmp_path / "media", tmp_path / "private"
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(media)
    settings.PRIVATE_MEDIA_ROOT = str(private)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "core.uploads.PrivateFileSystemStorage"},
    }
    # A FileField resolves its storage callable once, when the model class is built.
    disk = PrivateFileSystemStorage()
    for model, name in PRIVATE_FIELDS:
        monkeypatch.setattr(model._meta.get_field(name), "storage", disk)

    importlib.reload(marketplace.urls)  # the DEBUG-only static(MEDIA_URL) route
    clear_url_caches()
    yield media, private
    settings.DEBUG = False
    importlib.reload(marketplace.urls)
    clear_url_caches()


@pytest.fixture
def stored(on_disk, tracks, university, researcher, enterprise_user, enterprise_org):
    """One private file of each kind, uploaded as "secret-report.pdf" by the people entitled to it."""
    technology = TechnologyFactory(published=True, organisation=university, title="钠离子电池正极材料")
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    thread_file = dealflow_services.share_file(
        match_request=mr, user=researcher, upload=SimpleUploadedFile("secret-report.pdf", PDF)
    )
    dealflow_services.attach_nda(
        match_request=mr, user=researcher, upload=SimpleUploadedFile("secret-report.pdf", PDF)
    )
    mr.refresh_from_db()
    draft = TechnologyFactory(organisation=university, title="未发布的技术")
    listing_attachment = listings_services.add_attachment(
        listing=draft, user=researcher, file=SimpleUploadedFile("secret-report.pdf", PDF)
    )
    product = InnovationProductFactory(organisation=enterprise_org, status="draft")
    product_attachment = procurement_services.add_attachment(
        product=product,
        user=enterprise_user,
        file=SimpleUploadedFile("secret-report.pdf", PDF),
        title="检测报告",
    )
    return {
        "thread file": (
            thread_file.file.name,
            reverse("dealflow:file_download", args=[mr.pk, thread_file.pk]),
            researcher,
        ),
        "NDA": (mr.nda_document.name, reverse("dealflow:nda_download", args=[mr.pk]), enterprise_user),
        "listing attachment": (
            listing_attachment.file.name,
            reverse("listings:attachment_download", args=["technology", draft.ref, listing_attachment.pk]),
            researcher,
        ),
        "product attachment": (
            product_attachment.file.name,
            reverse("procurement:attachment_download", args=[product.ref, product_attachment.pk]),
            enterprise_user,
        ),
    }


def test_private_files_are_stored_under_random_names_outside_media_root(stored, on_disk):
    media, private = on_disk
    prefixes = {
        "thread file": "dealflow/files",
        "NDA": "dealflow/nda",
        "listing attachment": "listings/technology",
        "product attachment": "procurement/attachments",
    }
    for kind, (name, _url, _party) in stored.items():
        assert re.fullmatch(rf"{prefixes[kind]}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.pdf", name), kind
        assert (private / name).read_bytes() == PDF, kind
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_private_files_are_not_reachable_under_media_at_any_path(stored, on_disk, client):
    media, _private = on_disk
    storages["default"].save("original_images/published.png", ContentFile(b"public image"))
    public = client.get("/media/original_images/published.png")  # the route is live
    assert (public.status_code, b"".join(public.streaming_content)) == (200, b"public image")
    for kind, (name, _url, _party) in stored.items():
        base = name.rsplit("/", 1)[-1]
        for path in (
            f"/media/{name}",
            f"/media/../private/{name}",
            f"/media/%2e%2e/private/{name}",
            f"/media/private/{name}",
            f"/media/{base}",
            "/media/secret-report.pdf",
            f"/private/{name}",
        ):
            response = client.get(path)
            assert response.status_code in (400, 404), (kind, path)  # 400: traversal refused
            assert PDF not in response.content, (kind, path)


def test_private_files_are_served_to_their_parties_with_the_uploaded_name(stored, client):
    for kind, (_name, url, party) in stored.items():
        client.force_login(party)
        response = client.get(url)
        assert response.status_code == 200, kind
        assert b"".join(response.streaming_content) == PDF, kind
        disposition = response["Content-Disposition"]
        expected = "NDA-" if kind == "NDA" else "secret-report.pdf"
        assert disposition.startswith("attachment;") and expected in disposition, kind


def test_private_files_are_refused_to_everyone_else(stored):
    outsider = user_with_role(
        Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"), display_name="局外人"
    )
    investor = user_with_role(Role.INVESTOR, display_name="钱投资")
    for person in (None, outsider, investor):
        client = Client()
        if person:
            client.force_login(person)
        for kind, (_name, url, _party) in stored.items():
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (kind, person)
            assert not getattr(response, "streaming", False), (kind, person)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (kind, person)


def test_private_storage_has_no_url():
    with pytest.raises(ValueError, match="no URL"):
        PrivateFileSystemStorage().url("dealflow/files/2026/11/x.pdf")


def test_system_check_refuses_private_files_inside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    assert [error.id for error in check_private_storage(None)] == ["core.E001"]
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path.parent / "elsewhere")
    assert check_private_storage(None) == []


def test_migration_moves_existing_files_to_the_private_storage_under_new_names(
    stored, django_capture_on_commit_callbacks
):
    """What the private-files data migrations run: an old public file moves over, nothing is lost."""
    public, private = storages["default"], storages["private"]
    attachment = TechnologyAttachment.objects.get()
    old_name = public.save("listings/technology/7/0a1b2c3d-brochure.pdf", ContentFile(PDF))
    TechnologyAttachment.objects.filter(pk=attachment.pk).update(file=old_name, original_name="")
    listings_migration = importlib.import_module("listings.migrations.0004_private_files")

    with django_capture_on_commit_callbacks(execute=True):
        move_files(
            TechnologyAttachment,
            "file",
            prefix="listings/technology",
            original_name_field="original_name",
            clean_name=listings_migration._uploaded_name,
        )

    attachment.refresh_from_db()
    assert re.fullmatch(r"listings/technology/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name == "brochure.pdf"
    with private.open(attachment.file.name, "rb") as moved:
        assert moved.read() == PDF
    assert not public.exists(old_name)


def test_migration_leaves_a_row_whose_file_is_missing_as_it_is(stored, caplog):
    ProductAttachment.objects.update(file="procurement/attachments/2025/01/gone.pdf")
    move_files(
        ProductAttachment, "file", prefix="procurement/attachments", original_name_field="original_name"
    )
    assert ProductAttachment.objects.get().file.name == "procurement/attachments/2025/01/gone.pdf"
    assert "gone.pdf not found; left as it is" in caplog.text
