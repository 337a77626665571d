"""core.threads: what the four parts' private request threads share, tried through each part."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.roles import Role
from core.exceptions import RateLimited
from core.models import AuditEntry
from core.threads import services as threads
from dealflow.models import MatchRequest, ThreadMessage
from funding import services as funding
from funding.models import ProductMessage
from network import services as network
from network.models import Agency, BrokerageMessage, BrokerageRequest
from notifications.models import Notification
from platforms import services as platforms
from platforms.models import SlotFile, SlotMessage
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.funding import FinancialProductFactory
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.network import AgencyFactory
from tests.factories.platforms import VerificationCentreFactory, ask

TOO_LONG = "长" * 5001


@pytest.fixture(autouse=True)
def _english(_media_and_language):
    """The services answer in English here, so the assertions can name the exact texts."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The message rate limits count in the cache, which outlives a test's database rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(db, tracks, university, enterprise_org):
    researcher = user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")
    enterprise = user_with_role(Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理")
    outsider = user_with_role(
        Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"), display_name="局外人"
    )
    editor = user_with_role(Role.EDITOR, display_name="周编辑")
    technology = TechnologyFactory(
        published=True, organisation=university, title="钠离子电池正极材料", trl=6, ip_status="granted",
        track=tracks[6],
    )  # fmt: skip
    return SimpleNamespace(
        researcher=researcher,
        enterprise=enterprise,
        outsider=outsider,
        editor=editor,
        technology=technology,
        tracks=tracks,
        enterprise_org=enterprise_org,
    )


def _deal(p):
    """An accepted match request: the enterprise asked about the university's technology."""
    mr = match_request(requester=p.enterprise, listing=p.technology, accept=True)
    return mr, p.enterprise, f"/api/v1/deals/requests/{mr.pk}/messages/", ThreadMessage


def _slot(p):
    """A slot request the centre answered with a question (its thread is open)."""
    centre_org = OrganisationFactory(kind="platform")
    operator = user_with_role(Role.ENTERPRISE, organisation=centre_org, display_name="孙平台")
    centre = VerificationCentreFactory(organisation=centre_org, slug="pilot", tracks=[p.tracks[6]])
    slot_request = ask(requester=p.researcher, technology=p.technology, centre=centre)
    platforms.ask_for_information(
        slot_request=slot_request, user=operator, question="样品能否提前寄到贵基地？需要多少公斤？"
    )
    return slot_request, operator, f"/api/v1/platforms/requests/{slot_request.pk}/messages/", SlotMessage


def _product(p):
    """A product request waiting for the bank's answer (its thread is open)."""
    product = FinancialProductFactory(organisation=OrganisationFactory(kind="bank"), slug="ip-loan")
    product_request = funding.request_product(
        requester=p.researcher,
        product=product,
        technology=p.technology,
        amount_cny="1000000",
        purpose="以两项授权发明专利质押，用于中试线建设。",
    )
    url = f"/api/v1/funding/product-requests/{product_request.pk}/messages/"
    return product_request, p.researcher, url, ProductMessage


def _brokerage(p):
    """A brokerage request waiting for the agency's answer (its thread is open)."""
    agency = AgencyFactory(slug="binhai-ttc", tracks=[p.tracks[6]], service_kinds=["matchmaking"])
    demand = DemandFactory(published=True, organisation=p.enterprise_org, track=p.tracks[6])
    brokerage_request = network.request_brokerage(
        requester=p.enterprise, agency=agency, demand=demand, message="请协助撮合低温电池技术。"
    )
    url = f"/api/v1/network/requests/{brokerage_request.pk}/messages/"
    return brokerage_request, p.enterprise, url, BrokerageMessage


PARTS = pytest.mark.parametrize(
    "build", [_deal, _slot, _product, _brokerage], ids=["dealflow", "platforms", "funding", "network"]
)


@PARTS
def test_messages_api_is_404_for_anyone_outside_the_request(client, people, build):
    thread, participant, url, model = build(people)
    before = model.objects.count()
    for person in (people.outsider, people.editor):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "还在吗？"}, content_type="application/json").status_code == 404
    assert model.objects.count() == before
    assert thread.side_of(people.outsider) is None
    assert thread.side_of(AnonymousUser()) is None


@PARTS
def test_a_side_writes_and_reads_the_thread_through_the_api(client, people, build):
    thread, participant, url, model = build(people)
    earlier = list(model.objects.values_list("body", flat=True))
    client.force_login(participant)
    posted = client.post(url, {"body": "  请发送测试方案。  "}, content_type="application/json")
    assert posted.status_code == 201, posted.content
    assert posted.json()["body"] == "请发送测试方案。"
    assert posted.json()["author"] == str(participant)
    rows = client.get(url).json()["results"]
    assert [row["body"] for row in rows] == [*earlier, "请发送测试方案。"]
    message = model.objects.latest("pk")
    assert (message.thread, message.author, message.thread_id) == (thread, participant, thread.pk)


@PARTS
def test_a_message_too_long_is_refused_with_a_clear_message_and_nothing_saved(client, people, build):
    thread, participant, url, model = build(people)
    before = model.objects.count()
    client.force_login(participant)
    response = client.post(url, {"body": TOO_LONG}, content_type="application/json")
    assert response.status_code == 400
    assert "5000" in response.json()["body"][0]
    assert model.objects.count() == before


def _notice(people, *, kind="core.test_notice"):
    """The notice arguments of post_message / share_file: everyone on the thread, words in the reader's language."""
    return {
        "participants": platforms.participants(people.slot_request),
        "notify_kind": kind,
        "title": lambda: f"新消息 ({translation.get_language()})",
    }


def test_post_message_refuses_empty_and_too_long_bodies_before_saving_anything(people):
    slot_request, operator, _url, _model = _slot(people)
    people.slot_request = slot_request
    question = list(SlotMessage.objects.all())
    for body, problem in ((" \n ", "Write a message first."), (TOO_LONG, "at most 5000 characters")):
        with pytest.raises(ValidationError) as refused:
            threads.post_message(
                thread=slot_request, author=operator, body=body, model=SlotMessage, **_notice(people)
            )
        assert problem in refused.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as refused:
        threads.clean_body("", field=None)
    assert refused.value.messages == ["Write a message first."]
    assert list(SlotMessage.objects.all()) == question
    assert not Notification.objects.filter(kind="core.test_notice").exists()


def test_post_message_stores_the_stripped_body(people):
    slot_request, operator, _url, _model = _slot(people)
    people.slot_request = slot_request
    message = threads.post_message(
        thread=slot_request, author=operator, body="  好的  ", model=SlotMessage, **_notice(people)
    )
    assert (message.body, message.slot_request) == ("好的", slot_request)
    assert str(message) == f"{operator}: 好的"


def test_post_message_tells_everyone_but_the_author_once_in_their_language(people):
    slot_request, operator, _url, _model = _slot(people)
    colleague = user_with_role(
        Role.RESEARCHER,
        organisation=slot_request.owner_organisation,
        display_name="Ada",
        preferred_language="en",
    )
    people.researcher.preferred_language = "zh-hans"
    people.researcher.save(update_fields=["preferred_language"])
    readers = [people.researcher, colleague, operator, people.researcher]  # one twice: told once
    message = threads.post_message(
        thread=slot_request,
        author=operator,
        body="样品请于周五前寄到。" * 40,
        model=SlotMessage,
        participants=readers,
        notify_kind="core.test_notice",
        title=lambda: f"新消息 ({translation.get_language()})",
    )
    expected = []
    for person, language in ((people.researcher, "zh-hans"), (colleague, "en")):
        with translation.override(language):
            link = slot_request.get_absolute_url() + "#thread"
        expected.append((person, f"新消息 ({language})", message.body[:300], link))
    notices = Notification.objects.filter(kind="core.test_notice").order_by("recipient_id")
    assert [(n.recipient, n.title, n.body, n.url) for n in notices] == sorted(
        expected, key=lambda row: row[0].pk
    )
    assert expected[0][3] != expected[1][3]  # each link opens the reader's own language


def test_post_message_counts_per_person_and_refuses_beyond_the_limit(people, settings):
    settings.PLATFORMS_MESSAGES_PER_MINUTE = 2
    slot_request, operator, _url, _model = _slot(people)
    people.slot_request = slot_request
    rate = ("platforms", "PLATFORMS_MESSAGES_PER_MINUTE")
    for body in ("一", "二"):
        threads.post_message(
            thread=slot_request, author=operator, body=body, model=SlotMessage, rate=rate, **_notice(people)
        )
    with pytest.raises(RateLimited, match="at most 2 a minute"):
        threads.post_message(
            thread=slot_request, author=operator, body="三", model=SlotMessage, rate=rate, **_notice(people)
        )
    assert list(SlotMessage.objects.values_list("body", flat=True))[-2:] == ["一", "二"]
    assert SlotMessage.objects.filter(body="三").exists() is False


def test_share_file_needs_a_file_that_passes_the_parts_check(people):
    slot_request, operator, _url, _model = _slot(people)

    def only_pdf(upload):
        raise ValidationError("Only PDF files may be shared.")

    with pytest.raises(ValidationError) as refused:
        threads.share_file(thread=slot_request, user=operator, upload=None, model=SlotFile, validate=only_pdf)
    assert refused.value.message_dict == {"file": ["Choose a file."]}
    upload = SimpleUploadedFile("plan.txt", b"plain text")
    with pytest.raises(ValidationError) as refused:
        threads.share_file(
            thread=slot_request, user=operator, upload=upload, model=SlotFile, validate=only_pdf
        )
    assert refused.value.message_dict == {"file": ["Only PDF files may be shared."]}
    assert not SlotFile.objects.exists()
    assert not AuditEntry.objects.filter(action="file_shared").exists()


def test_share_file_stores_it_privately_audits_and_tells_the_others(people):
    slot_request, operator, _url, _model = _slot(people)
    people.slot_request = slot_request
    shared = threads.share_file(
        thread=slot_request,
        user=operator,
        upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test"),
        model=SlotFile,
        validate=lambda upload: "application/pdf",
        **_notice(people),
    )
    assert (shared.original_name, shared.content_type, shared.size) == ("方案.pdf", "application/pdf", 13)
    notice = Notification.objects.get(kind="core.test_notice")
    assert (notice.recipient, notice.body) == (people.researcher, "方案.pdf")
    with translation.override(people.researcher.preferred_language or "zh-hans"):
        assert notice.url == slot_request.get_absolute_url() + "#files"
    assert shared.get_absolute_url() == f"/en/platforms/requests/{slot_request.pk}/files/{shared.pk}/"
    entry = AuditEntry.objects.get(action="file_shared")
    assert (entry.actor, entry.note) == (operator, "方案.pdf")


def test_decline_with_reason_needs_a_known_reason_and_words_for_other(people):
    brokerage_request, _enterprise, _url, _model = _brokerage(people)
    agency_admin = user_with_role(Role.ENTERPRISE, organisation=Agency.objects.get().organisation)
    reasons = BrokerageRequest.DeclineReason
    for reason, detail, field in (("astrology", "", "reason"), ("other", "   ", "detail")):
        with pytest.raises(ValidationError) as refused:
            threads.decline_with_reason(
                subject=brokerage_request,
                user=agency_admin,
                reason=reason,
                detail=detail,
                reasons=reasons,
                declined=BrokerageRequest.Status.DECLINED,
            )
        assert list(refused.value.message_dict) == [field]
    brokerage_request.refresh_from_db()
    assert brokerage_request.status == BrokerageRequest.Status.PENDING
    label, detail = threads.decline_with_reason(
        subject=brokerage_request,
        user=agency_admin,
        reason="other",
        detail="  本月人手不足。 ",
        reasons=reasons,
        declined=BrokerageRequest.Status.DECLINED,
    )
    brokerage_request.refresh_from_db()
    assert (label, detail) == (reasons.OTHER, "本月人手不足。")
    assert (brokerage_request.status, brokerage_request.decline_detail) == ("declined", "本月人手不足。")
    assert (brokerage_request.responded_by, brokerage_request.responded_at is not None) == (
        agency_admin,
        True,
    )
    entry = AuditEntry.objects.get(action="declined")
    assert (entry.from_state, entry.to_state, entry.note) == ("pending", "declined", "other: 本月人手不足。")


def test_side_of_follows_the_parts_order_of_sides(people):
    mr, enterprise, _url, _model = _deal(people)
    assert mr.side_of(enterprise) == "requester"
    assert mr.side_of(people.researcher) == "owner"
    assert MatchRequest.objects.get(pk=mr.pk).side_of(people.outsider) is None


def test_require_side_refuses_outsiders_and_the_wrong_side_in_the_parts_words(people):
    product_request, researcher, _url, _model = _product(people)
    assert threads.require_side(product_request, researcher, ("owner",), refusal="-") == "owner"
    with pytest.raises(PermissionDenied, match="^You do not take part in this request.$"):
        threads.require_side(product_request, people.outsider, ("owner",), refusal="-")
    with pytest.raises(PermissionDenied, match="^Only the bank or insurer can do this.$"):
        funding.answer_product_request(
            product_request=product_request, user=researcher, offer=True, answer="利率百分之三。"
        )
    product_request.refresh_from_db()
    assert product_request.status == "pending"
