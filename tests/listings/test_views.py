import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import Demand, Listing, Technology
from tests.factories.listings import DemandFactory, TechnologyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.mark.smoke
def test_public_detail_page_has_readable_url_open_graph_and_facts(client, technology):
    url = technology.get_absolute_url()
    assert url == "/listings/technologies/T000777/sodium-ion-battery-cathode/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta property="og:title" content="Sodium-ion battery cathode">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'data-testid="trl">6 / 9<' in html
    assert "先进能源" in html
    assert Technology.objects.get(pk=technology.pk).views_count == 1


def test_detail_without_slug_redirects_to_the_canonical_url(client, technology):
    response = client.get("/listings/technologies/T000777/")
    assert response.status_code == 301
    assert response["Location"] == "/listings/technologies/T000777/sodium-ion-battery-cathode/"


def test_english_detail_under_en_prefix(client, technology):
    response = client.get("/en" + technology.get_absolute_url())
    assert response.status_code == 200
    assert "Advanced energy" in response.content.decode()


def test_anonymous_and_non_members_cannot_see_drafts(client, draft_technology, enterprise_user):
    url = draft_technology.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user)
    assert client.get(url).status_code == 404


def test_owner_sees_their_draft_with_the_rejection_reason(client, draft_technology, researcher):
    Technology.objects.filter(pk=draft_technology.pk).update(rejection_reason="请补充性能指标")
    client.force_login(researcher)
    html = client.get(draft_technology.get_absolute_url()).content.decode()
    assert 'data-testid="rejection-reason"' in html
    assert "请补充性能指标" in html
    assert '<meta name="robots" content="noindex">' in html


def test_index_lists_only_published_by_track(client, technology, draft_technology, tracks):
    TechnologyFactory(
        published=True, track=tracks[0], title="酶催化合成", organisation=technology.organisation
    )
    html = client.get(reverse("listings:technology_index")).content.decode()
    assert "Sodium-ion battery cathode" in html
    assert "酶催化合成" in html
    assert "未公开的草稿成果" not in html
    html = client.get(reverse("listings:technology_index"), {"track": "advanced-energy"}).content.decode()
    assert "Sodium-ion battery cathode" in html
    assert "酶催化合成" not in html
    assert client.get(reverse("listings:technology_index"), {"track": "nope"}).status_code == 404


def test_demand_index_and_detail(client, demand):
    html = client.get(reverse("listings:demand_index")).content.decode()
    assert demand.title in html
    html = client.get(demand.get_absolute_url()).content.decode()
    assert 'data-testid="budget">最高 300万元<' in html


def test_budget_in_english_uses_yuan_with_thousands(client, demand, english):
    html = client.get(demand.get_absolute_url()).content.decode()
    assert 'data-testid="budget">up to ¥3,000,000<' in html


def _queries(client, url):
    client.get(url)  # warm per-process caches (site root, editorial sections)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["listings:technology_index", "listings:demand_index"])
def test_index_query_count_does_not_grow_with_listings(client, tracks, university, url_name):
    factory = TechnologyFactory if "technology" in url_name else DemandFactory
    factory.create_batch(2, published=True, track=tracks[6], organisation=university)
    few = _queries(client, reverse(url_name))
    factory.create_batch(18, published=True, track=tracks[6], organisation=university)
    assert _queries(client, reverse(url_name)) == few <= 12


def test_dashboard_query_count_does_not_grow(client, tracks, researcher, university):
    client.force_login(researcher)
    TechnologyFactory.create_batch(2, track=tracks[6], organisation=university)
    few = _queries(client, reverse("listings:dashboard"))
    TechnologyFactory.create_batch(20, track=tracks[6], organisation=university)
    DemandFactory.create_batch(20, track=tracks[6], organisation=university)
    assert _queries(client, reverse("listings:dashboard")) == few <= 16
    assert client.get(reverse("listings:dashboard")).content.decode().count('<tr data-ref="') == 42


def _form_data(organisation, track, **overrides):
    data = {
        "organisation": organisation.pk,
        "title": "深海耐压传感器",
        "summary": "可在万米深海工作的压力传感器。",
        "description": '<p>钛合金封装<img src=x onerror="alert(1)"></p>',
        "track": track.pk,
        "language": "zh",
        "keywords": "深海，传感器, 耐压",
        "trl": "5",
        "development_stage": "prototype",
        "transfer_modes": ["license", "equity"],
        "price_cny": "",
        "price_negotiable": "on",
        "patents-TOTAL_FORMS": "1",
        "patents-INITIAL_FORMS": "0",
        "patents-MIN_NUM_FORMS": "0",
        "patents-MAX_NUM_FORMS": "1000",
        "patents-0-number": "ZL202310000001.X",
        "patents-0-type": "invention",
        "patents-0-legal_status": "granted",
    }
    data.update(overrides)
    return data


@pytest.mark.smoke
def test_member_creates_a_technology_with_a_patent_as_draft(client, researcher, university, tracks):
    client.force_login(researcher)
    response = client.post(reverse("listings:create", args=["technology"]), _form_data(university, tracks[4]))
    assert response.status_code == 302
    tech = Technology.objects.get()
    assert tech.status == Listing.Status.DRAFT
    assert tech.keywords == ["深海", "传感器", "耐压"]
    # Kept as written (Markdown), shown as text: nothing in it runs on the page.
    assert tech.description == '<p>钛合金封装<img src=x onerror="alert(1)"></p>'
    page = client.get(tech.get_absolute_url()).content.decode()
    assert "<img" not in page.split('data-testid="description"')[1].split("</div>")[0]
    assert "&lt;img src=x onerror=" in page  # shown as text
    assert [(p.number, p.type, p.legal_status) for p in tech.patents.all()] == [
        ("ZL202310000001.X", "invention", "granted")
    ]
    assert tech.created_by == researcher


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"trl": "10"}, "trl", "Ensure this value is less than or equal to 9."),
        (
            {"transfer_modes": ["sale"]},
            "transfer_modes",
            "Select a valid choice. sale is not one of the available choices.",
        ),
        ({"price_negotiable": ""}, "price_cny", "Give a price or mark the price as negotiable."),
    ],
)
def test_bad_input_shows_clear_errors_and_saves_nothing(
    client, researcher, university, tracks, overrides, field, message, english
):
    client.force_login(researcher)
    response = client.post(
        reverse("listings:create", args=["technology"]), _form_data(university, tracks[4], **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Technology.objects.exists()


def test_cannot_create_for_an_organisation_one_does_not_belong_to(client, researcher, enterprise_org, tracks):
    client.force_login(researcher)
    response = client.post(
        reverse("listings:create", args=["technology"]), _form_data(enterprise_org, tracks[4])
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Technology.objects.exists()


def test_demand_form_rejects_inverted_budget_and_past_deadline(
    client, enterprise_user, enterprise_org, tracks, english
):
    client.force_login(enterprise_user)
    data = {
        "organisation": enterprise_org.pk,
        "title": "海上风电叶片检测",
        "summary": "无人机自动巡检叶片裂纹。",
        "description": "",
        "track": tracks[6].pk,
        "language": "zh",
        "keywords": "风电",
        "budget_min_cny": "500000",
        "budget_max_cny": "100000",
        "deadline": "2020-01-01",
    }
    response = client.post(reverse("listings:create", args=["demand"]), data)
    errors = response.context["form"].errors
    assert errors["budget_max_cny"] == ["The maximum budget must not be below the minimum."]
    assert errors["deadline"] == ["The deadline cannot be in the past."]
    assert not Demand.objects.exists()


def test_non_member_cannot_edit(client, draft_technology, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("listings:edit", args=["technology", draft_technology.ref])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "hijacked"}).status_code == 403
    assert Technology.objects.get(pk=draft_technology.pk).title == "未公开的草稿成果"


def test_anonymous_is_sent_to_sign_in_for_forms(client, draft_technology):
    response = client.get(reverse("listings:edit", args=["technology", draft_technology.ref]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_editor_can_edit_any_listing(client, draft_technology, editor, university, tracks):
    client.force_login(editor)
    url = reverse("listings:edit", args=["technology", draft_technology.ref])
    response = client.post(url, _form_data(university, tracks[6], title="编辑修订的标题"))
    assert response.status_code == 302
    assert Technology.objects.get(pk=draft_technology.pk).title == "编辑修订的标题"


def test_submit_withdraw_through_the_pages(client, draft_technology, researcher):
    client.force_login(researcher)
    client.post(reverse("listings:action", args=["technology", draft_technology.ref, "submit"]))
    assert Technology.objects.get(pk=draft_technology.pk).status == Listing.Status.SUBMITTED
    client.post(reverse("listings:action", args=["technology", draft_technology.ref, "withdraw"]))
    assert Technology.objects.get(pk=draft_technology.pk).status == Listing.Status.WITHDRAWN


def test_action_refuses_get_and_unknown_actions(client, draft_technology, researcher):
    client.force_login(researcher)
    assert (
        client.get(
            reverse("listings:action", args=["technology", draft_technology.ref, "submit"])
        ).status_code
        == 405
    )
    assert (
        client.post(
            reverse("listings:action", args=["technology", draft_technology.ref, "explode"])
        ).status_code
        == 404
    )


def test_pdf_attachment_accepted(client, draft_technology, researcher):
    client.force_login(researcher)
    upload = SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("listings:attachment_add", args=["technology", draft_technology.ref]), {"file": upload}
    )
    attachment = draft_technology.attachments.get()
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF))


def test_draft_attachments_are_served_only_to_those_who_edit_the_listing(
    client, draft_technology, researcher, enterprise_user
):
    client.force_login(researcher)
    upload = SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("listings:attachment_add", args=["technology", draft_technology.ref]), {"file": upload}
    )
    attachment = draft_technology.attachments.get()
    url = reverse("listings:attachment_download", args=["technology", draft_technology.ref, attachment.pk])

    owner_response = client.get(url)
    assert owner_response.status_code == 200
    assert b"".join(owner_response.streaming_content) == PDF
    assert owner_response["Cache-Control"] == "private, no-store"

    client.force_login(enterprise_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_exe_renamed_to_pdf_is_refused(client, draft_technology, researcher, english):
    client.force_login(researcher)
    upload = SimpleUploadedFile("brochure.pdf", EXE, content_type="application/pdf")
    response = client.post(
        reverse("listings:attachment_add", args=["technology", draft_technology.ref]),
        {"file": upload},
        follow=True,
    )
    assert (
        "Only PDF documents and PNG, JPEG, WebP or GIF images may be attached." in response.content.decode()
    )
    assert not draft_technology.attachments.exists()


def test_oversize_attachment_is_refused(client, draft_technology, researcher, settings, english):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(researcher)
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = client.post(
        reverse("listings:attachment_add", args=["technology", draft_technology.ref]),
        {"file": upload},
        follow=True,
    )
    assert "attachments may be at most 1.0\xa0KB" in response.content.decode()
    assert not draft_technology.attachments.exists()


def test_non_member_cannot_attach(client, draft_technology, enterprise_user):
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("listings:attachment_add", args=["technology", draft_technology.ref]), {"file": upload}
    )
    assert response.status_code == 403
    assert not draft_technology.attachments.exists()


def test_visitors_are_offered_an_introduction_but_owners_are_not(
    client, technology, researcher, enterprise_user
):
    client.force_login(enterprise_user)
    html = client.get(technology.get_absolute_url()).content.decode()
    assert 'href="/deals/ask/technology/T000777/" data-testid="ask-introduction"' in html
    client.force_login(researcher)
    html = client.get(technology.get_absolute_url()).content.decode()
    assert 'data-testid="ask-introduction"' not in html
    assert 'data-testid="owner-panel"' in html


TAMPERED = "The list changed while the page was open. Reload the page and enter it again."


@pytest.mark.smoke
def test_create_with_a_tampered_patent_management_form_shows_an_error_and_saves_nothing(
    client, researcher, university, tracks, english
):
    client.force_login(researcher)
    data = _form_data(university, tracks[4], **{"patents-INITIAL_FORMS": "1"})
    response = client.post(reverse("listings:create", args=["technology"]), data)
    assert response.status_code == 200
    assert response.context["form"].formsets["patents"].non_form_errors() == [TAMPERED]
    assert TAMPERED in response.content.decode()
    assert not Technology.objects.exists()


@pytest.mark.parametrize("patent_id", ["abc", "999999", "other listing's"])
def test_edit_with_a_patent_id_not_of_this_listing_shows_an_error_and_changes_nothing(
    client, researcher, university, tracks, draft_technology, english, patent_id
):
    other = TechnologyFactory(organisation=university)
    other_patent = other.patents.create(number="ZL-OTHER")
    client.force_login(researcher)
    data = _form_data(
        university,
        tracks[4],
        title="改过的标题",
        **{
            "patents-INITIAL_FORMS": "1",
            "patents-TOTAL_FORMS": "2",
            "patents-0-id": str(other_patent.pk) if patent_id == "other listing's" else patent_id,
            "patents-1-number": "ZL-NEW",
            "patents-1-type": "invention",
            "patents-1-legal_status": "pending",
        },
    )
    response = client.post(reverse("listings:edit", args=["technology", draft_technology.ref]), data)
    assert response.status_code == 200
    assert TAMPERED in response.content.decode()
    draft_technology.refresh_from_db()
    assert draft_technology.title == "未公开的草稿成果"
    assert not draft_technology.patents.exists()
    assert list(other.patents.values_list("number", flat=True)) == ["ZL-OTHER"]


def test_a_tampered_patent_count_builds_at_most_twenty_rows_and_saves_nothing(
    client, researcher, university, tracks, english
):
    client.force_login(researcher)
    response = client.post(
        reverse("listings:create", args=["technology"]),
        _form_data(university, tracks[4], **{"patents-TOTAL_FORMS": "99999"}),
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["patents"]
    assert len(formset.forms) == 20
    assert formset.non_form_errors() == ["Please submit at most 20 forms."]
    assert response.content.decode().count('class="patent-row"') == 20
    assert not Technology.objects.exists()


@pytest.mark.django_db
def test_only_the_demands_organisation_is_offered_to_open_it_as_a_challenge(
    client, demand, editor, enterprise_user
):
    challenge_url = reverse("dealflow:challenge_open", args=[demand.ref])
    client.force_login(editor)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "Withdraw" in page or "撤回" in page  # the editor still sees the owner panel
    assert challenge_url not in page
    assert client.get(challenge_url).status_code == 403
    client.force_login(enterprise_user)
    assert challenge_url in client.get(demand.get_absolute_url()).content.decode()
    assert client.get(challenge_url).status_code == 200


@pytest.mark.django_db
def test_the_owner_page_leads_to_the_next_step_of_the_journey(
    client, technology, researcher, demand, enterprise_user
):
    client.force_login(researcher)
    pitch = f"{reverse('roadshow:pitch_apply')}?technology={technology.ref}"
    assert f'href="{pitch}"' in client.get(technology.get_absolute_url()).content.decode()
    form = client.get(pitch).content.decode()
    assert f'<option value="{technology.pk}" selected>' in form
    client.force_login(enterprise_user)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert f'href="{reverse("network:agency_list")}" data-testid="agencies-link"' in page
    assert "委托技术转移机构经纪此需求" in page
