"""Property-based tests of the page forms: whatever is posted, the answer is never a server error.

For each form a person of the right role posts arbitrary text and numbers, missing and repeated
fields, hostile dates and amounts and tampered formset counts through the test client. Half the
fields of each example keep a valid value, so examples also get past the form into the services.
Every example runs in a transaction that is rolled back, so each starts from the same seeded state.
The properties: no 5xx; a form shown again (200 or 400) carries an error message; and when the
form is shown again nothing was created.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.forms import InviteMemberForm, OrganisationForm, ProfileForm
from accounts.models import Membership, Organisation
from accounts.roles import Role
from dealflow import services as dealflow_services
from dealflow.forms import (
    ChallengeForm,
    DeclineForm,
    EvaluationForm,
    IntroductionRequestForm,
    MessageForm,
    ProposalForm,
    RegistrationForm,
)
from dealflow.models import Challenge, Evaluation, MatchRequest, Proposal, ThreadMessage
from dealflow.services import assign_broker
from digest.forms import SavedSearchForm
from digest.models import SavedSearch
from listings.forms import DemandForm, TechnologyForm
from listings.models import Demand, Patent, Technology
from notifications.forms import PreferenceForm
from procurement.forms import CertificationForm, DeclarationForm, ProductForm
from procurement.models import InnovationProduct, ProductCertification
from procurement.services import assign_to_panel
from roadshow.forms import InterestForm, PitchApplicationForm, SessionCancelForm, SessionMoveForm
from roadshow.models import PitchApplication, RoadshowSession
from roadshow.services import register
from search.forms import SearchForm
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.dealflow import ChallengeFactory, match_request
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.procurement import (
    InnovationProductFactory,
    ProcurementCategoryFactory,
    panel_with_experts,
)
from tests.factories.roadshow import PitchFactory, RoadshowSeriesFactory, RoadshowSessionFactory

EXAMPLES = 30

FORM_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    # The client and the seeded objects are function-scoped on purpose: each example is rolled back.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MISSING = object()

# Text of any script, without lone surrogates (a browser cannot send them in UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e400",
        "NaN",
        "-Infinity",
        "9" * 40,
        "\x00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "2026-02-30",
        "9999-12-31T23:59",
        "0001-01-01",
        "%s%n",
        "钠离子电池",
    ]
)
JUNK = st.one_of(TEXT, HOSTILE, st.integers().map(str))


def _choice_keys(choices):
    keys = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            keys.extend(k for k, _ in label)
        else:
            keys.append(key)
    return [str(getattr(key, "value", key)) for key in keys]


def _valid_values(form_field):
    """Values this kind of field can accept, drawn freely (any of them may still be refused)."""
    if isinstance(form_field, forms.ModelChoiceField):
        key = form_field.to_field_name or "pk"
        values = [str(v) for v in form_field.queryset.values_list(key, flat=True)[:20]] or ["1"]
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            return st.lists(st.sampled_from(values), max_size=3)
        return st.sampled_from(values)
    if isinstance(form_field, forms.MultipleChoiceField):
        return st.lists(st.sampled_from(_choice_keys(form_field.choices)), max_size=3)
    if isinstance(form_field, forms.ChoiceField):
        return st.sampled_from(_choice_keys(form_field.choices) or [""])
    if isinstance(form_field, forms.BooleanField):
        return st.sampled_from(["on", "true", "1", "false", ""])
    if isinstance(form_field, forms.IntegerField):
        return st.integers(min_value=-(10**12), max_value=10**12).map(str)
    if isinstance(form_field, forms.DecimalField):
        return st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str)
    if isinstance(form_field, forms.DateTimeField):
        return st.datetimes(
            min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)
        ).map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))
    if isinstance(form_field, forms.DateField):
        return st.dates().map(datetime.date.isoformat)
    if isinstance(form_field, forms.EmailField):
        return st.emails()
    if isinstance(form_field, forms.URLField):
        return st.sampled_from(["https://example.com/x", "example.com", "javascript:alert(1)", "http://"])
    if isinstance(form_field, forms.FileField):
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            st.sampled_from(["a.pdf", "b.png", "c.exe", "../../etc/passwd", "无标题.docx"]),
            st.one_of(st.binary(max_size=64), st.just(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")),
        )
    max_length = getattr(form_field, "max_length", None) or 300
    return st.one_of(TEXT, st.text(min_size=max_length - 2, max_size=max_length + 2))


def _field_strategy(form_field):
    """Anything this field, or any field, might be sent: its own kind of value, junk, nothing, a list."""
    values = st.one_of(_valid_values(form_field), JUNK)
    return st.one_of(st.just(MISSING), values, st.lists(JUNK, min_size=2, max_size=3))


@st.composite
def form_data(draw, form, good, extra):
    """POST data for ``form``: a few fields (or all) fuzzed, the rest at their ``good`` values.

    Keeping most fields valid lets an example get past the form into the service behind it.
    ``extra`` maps further names (formset rows, buttons) to their own strategies.
    """
    fields = {form.add_prefix(name): form_field for name, form_field in form.fields.items()}
    names = sorted(fields)
    fuzzed = (
        draw(st.one_of(st.sets(st.sampled_from(names), max_size=3), st.just(set(names)))) if names else ()
    )
    # A browser always sends the CSRF token, so a form never arrives empty.
    data = {"csrfmiddlewaretoken": "fuzz"}
    for name in names:
        if name in fuzzed or name not in good:
            data[name] = draw(_field_strategy(fields[name]))
        else:
            data[name] = good[name]
    for name, strategy in sorted(extra.items()):
        data[name] = draw(strategy)
    return {name: value for name, value in data.items() if value is not MISSING}


@dataclass
class FormCase:
    """One page form: who posts it, where, the good values, and what it would create."""

    role: str
    url: object  # world -> path
    form: object  # world -> an unbound form instance (its fields drive the strategy)
    good: object = field(default=lambda world: {})  # world -> valid values by field name
    extra: object = field(default=lambda world: {})  # world -> extra field strategies
    creates: tuple = ()  # models whose rows must not change when the form is shown again
    method: str = "post"


def _patents_formset(total_forms):
    # Tampered management counts and patent rows, ids of rows that are not there included.
    row = {
        "number": st.one_of(st.just("ZL202310000001.X"), JUNK),
        "type": st.one_of(st.sampled_from([c for c, _ in Patent.Type.choices]), JUNK),
        "legal_status": st.one_of(st.sampled_from([c for c, _ in Patent.LegalStatus.choices]), JUNK),
        "DELETE": st.sampled_from(["", "on"]),
        "id": st.one_of(st.just(MISSING), st.just(""), st.integers(-5, 10**6).map(str), JUNK),
    }
    strategies = {
        "patents-TOTAL_FORMS": st.one_of(total_forms, JUNK, st.just(MISSING)),
        "patents-INITIAL_FORMS": st.one_of(st.just("0"), total_forms, JUNK, st.just(MISSING)),
        "patents-MIN_NUM_FORMS": st.one_of(st.just("0"), JUNK, st.just(MISSING)),
        "patents-MAX_NUM_FORMS": st.one_of(st.just("1000"), JUNK, st.just(MISSING)),
    }
    for index in range(2):
        for name, strategy in row.items():
            strategies[f"patents-{index}-{name}"] = st.one_of(st.just(MISSING), strategy)
    return strategies


def _technology_good(world):
    return {
        "organisation": str(world["university"].pk),
        "title": "一种低温钠离子电池正极材料",
        "summary": "零下三十度容量保持率超过百分之八十五。",
        "description": "<p>铜铁锰基层状氧化物。</p>",
        "track": str(world["energy"].pk),
        "language": "zh",
        "keywords": "钠离子电池, 正极材料",
        "trl": "6",
        "transfer_modes": ["license"],
        "price_cny": "2000000",
        "ip_status": "granted",
    }


def _demand_good(world):
    return {
        "organisation": str(world["enterprise_org"].pk),
        "title": "储能电站低温电池需求",
        "summary": "寻求零下二十度仍能稳定放电的储能电池方案。",
        "description": "<p>北方储能电站冬季容量衰减明显。</p>",
        "track": str(world["energy"].pk),
        "language": "zh",
        "budget_min_cny": "100000",
        "budget_max_cny": "3000000",
        "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }


def _in_days(days):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _search_query():
    q = st.one_of(
        TEXT,
        HOSTILE,
        st.sampled_from(["钠离子电池", '"', '"a" OR b*', "AND OR NOT", "NEAR(", "-", "()", "a:b"]),
    )
    return {
        "q": st.one_of(st.just("钠离子电池"), st.just(MISSING), q),
        "track": st.one_of(st.just(MISSING), st.sampled_from(["advanced-energy", "deep-sea"]), JUNK),
        "trl": st.one_of(st.just(MISSING), st.sampled_from(["1-3", "4-6", "7-9"]), JUNK),
        "transfer_mode": st.one_of(st.just(MISSING), st.just("license"), JUNK),
        "budget": st.one_of(st.just(MISSING), st.sampled_from(["lt1m", "gte10m"]), JUNK),
        "zone": st.one_of(st.just(MISSING), JUNK),
        "org_kind": st.one_of(st.just(MISSING), st.just("university"), JUNK),
        "language": st.one_of(st.just(MISSING), st.just("zh"), JUNK),
        "date": st.one_of(st.just(MISSING), st.sampled_from(["7d", "365d"]), JUNK),
    }


CASES = {
    "technology_create": FormCase(
        role="researcher",
        url=lambda w: "/listings/mine/technology/new/",
        form=lambda w: TechnologyForm(user=w["researcher"]),
        good=_technology_good,
        extra=lambda w: _patents_formset(st.sampled_from(["0", "1", "2"])),
        creates=(Technology, Patent),
    ),
    "technology_edit": FormCase(
        role="researcher",
        url=lambda w: f"/listings/mine/technology/{w['technology'].ref}/edit/",
        form=lambda w: TechnologyForm(user=w["researcher"]),
        good=_technology_good,
        extra=lambda w: _patents_formset(st.sampled_from(["0", "1", "2", "1001"])),
        creates=(Technology, Patent),
    ),
    "demand_create": FormCase(
        role="enterprise",
        url=lambda w: "/listings/mine/demand/new/",
        form=lambda w: DemandForm(user=w["enterprise"]),
        good=_demand_good,
        creates=(Demand,),
    ),
    "demand_edit": FormCase(
        role="enterprise",
        url=lambda w: f"/listings/mine/demand/{w['demand'].ref}/edit/",
        form=lambda w: DemandForm(user=w["enterprise"]),
        good=_demand_good,
        creates=(Demand,),
    ),
    "match_request": FormCase(
        role="researcher",
        url=lambda w: f"/deals/ask/demand/{w['demand'].ref}/",
        form=lambda w: IntroductionRequestForm(
            user=w["researcher"], technologies=Technology.objects.published()
        ),
        good=lambda w: {
            "organisation": str(w["university"].pk),
            "message": "我们的正极材料可以满足贵方的低温储能需求，希望进一步沟通。",
            "cooperation_mode": "license",
            "technology": str(w["technology"].pk),
            "non_confidential": "on",
        },
        creates=(MatchRequest,),
    ),
    "thread_message": FormCase(
        role="enterprise",
        url=lambda w: f"/deals/requests/{w['request'].pk}/messages/",
        form=lambda w: MessageForm(),
        good=lambda w: {"body": "请发送中试数据。"},
        creates=(ThreadMessage,),
    ),
    "request_decline": FormCase(
        role="enterprise",
        url=lambda w: f"/deals/requests/{w['pending'].pk}/decline/",
        form=lambda w: DeclineForm(),
        good=lambda w: {"reason": "other", "detail": "预算已用于其他项目。"},
        creates=(),
    ),
    "deal_registration": FormCase(
        role="researcher",
        url=lambda w: f"/deals/requests/{w['agreed'].pk}/registration/",
        form=lambda w: RegistrationForm(),
        good=lambda w: {
            "contract_type": "license",
            "amount_cny": "500000",
            "signed_on": timezone.localdate().isoformat(),
            "registration_number": "2026120000000001",
        },
    ),
    "deal_evaluation": FormCase(
        role="enterprise",
        url=lambda w: f"/deals/requests/{w['closed'].pk}/evaluate/",
        form=lambda w: EvaluationForm(),
        good=lambda w: {"counterpart_rating": "5", "service_rating": "4", "comment": "沟通顺畅。"},
        creates=(Evaluation,),
    ),
    "challenge_open": FormCase(
        role="enterprise",
        url=lambda w: f"/deals/challenges/open/{w['second_demand'].ref}/",
        form=lambda w: ChallengeForm(),
        good=lambda w: {"brief": "请说明在零下二十度条件下保持容量的技术路线。", "deadline": _in_days(30)},
        creates=(Challenge,),
    ),
    "challenge_proposal": FormCase(
        role="researcher",
        url=lambda w: f"/deals/challenges/{w['challenge'].pk}/propose/",
        form=lambda w: ProposalForm(user=w["researcher"], technologies=Technology.objects.published()),
        good=lambda w: {
            "organisation": str(w["university"].pk),
            "summary": "高熵层状氧化物正极与低温电解液协同设计。",
            "approach": "正极掺杂改性结合低凝固点电解液配方。",
            "team": "课题组十二人。",
            "timeline_months": "18",
            "budget_cny": "2500000",
            "technology": str(w["technology"].pk),
        },
        creates=(Proposal,),
    ),
    "pitch_apply": FormCase(
        role="researcher",
        url=lambda w: "/roadshow/pitches/apply/",
        form=lambda w: PitchApplicationForm(user=w["researcher"]),
        good=lambda w: {
            "technology": str(w["other_technology"].pk),
            "ask": "investment",
            "stage": "中试线运行",
            "team": "王研究员与五人工程团队",
        },
        creates=(PitchApplication,),
    ),
    "roadshow_interest": FormCase(
        role="investor",
        url=lambda w: f"/roadshow/sessions/{w['session'].pk}/interest/{w['pitch'].pk}/",
        form=lambda w: InterestForm(),
        good=lambda w: {"message": "希望了解融资计划和估值预期。"},
    ),
    "roadshow_session_manage": FormCase(
        role="editor",
        url=lambda w: f"/roadshow/sessions/{w['session'].pk}/manage/",
        form=lambda w: _SessionManageForm(),
        good=lambda w: {
            "move-starts_at": _in_days(5),
            "cancel-reason": "嘉宾行程变化。",
        },
        extra=lambda w: {
            "action": st.one_of(st.sampled_from(["move", "cancel", "attendance"])),
            "registration": st.one_of(
                st.just(MISSING), st.just(str(w["registration"].pk)), st.integers(0, 10**6).map(str), JUNK
            ),
            "attended": st.sampled_from(["1", "0", ""]),
        },
        creates=(RoadshowSession,),
    ),
    "product_create": FormCase(
        role="enterprise",
        url=lambda w: "/products/new/",
        form=lambda w: ProductForm(user=w["enterprise"]),
        good=lambda w: {
            "organisation": str(w["enterprise_org"].pk),
            "name": "低温储能电池系统",
            "summary": "一种零下三十度可用的储能电池系统。",
            "track": str(w["energy"].pk),
            "category": str(w["category"].pk),
            "specifications": "额定容量 100 kWh",
            "price_cny": "120000",
            "price_unit": "台/套",
        },
        extra=lambda w: {"submit": st.sampled_from([MISSING, "1"])},
        creates=(InnovationProduct,),
    ),
    "product_certification": FormCase(
        role="enterprise",
        url=lambda w: f"/products/{w['draft_product'].ref}/certifications/",
        form=lambda w: CertificationForm(),
        good=lambda w: {
            "kind": "patent",
            "title": "一种储能电池",
            "issuer": "国家知识产权局",
            "number": "ZL2023",
            "issued_on": "2024-05-01",
        },
        creates=(ProductCertification,),
    ),
    "expert_declaration": FormCase(
        role="expert",
        url=lambda w: f"/products/review/{w['evaluation'].pk}/",
        form=lambda w: DeclarationForm(),
        good=lambda w: {"has_conflict": "no", "statement": ""},
        extra=lambda w: {"declare": st.just("1")},  # the button's name: without it nothing is posted
    ),
    "organisation_create": FormCase(
        role="investor",
        url=lambda w: "/accounts/organisations/new/",
        form=lambda w: OrganisationForm(),
        good=lambda w: {
            "name": "滨海天使投资有限公司",
            "kind": "investor",
            "unified_credit_code": "91120116MA05123456",
            "website": "https://angel.example.test",
        },
        creates=(Organisation, Membership),
    ),
    "organisation_invite": FormCase(
        role="researcher",
        url=lambda w: f"/accounts/org/{w['university'].slug}/invitations/",
        form=lambda w: InviteMemberForm(),
        good=lambda w: {"email": w["investor"].email},
    ),
    "profile": FormCase(
        role="investor",
        url=lambda w: "/accounts/profile/",
        form=lambda w: ProfileForm(instance=w["investor"]),
        good=lambda w: {
            "display_name": "钱投资",
            "phone": "+86 22 1234 5678",
            "preferred_language": "zh-hans",
        },
    ),
    "saved_search": FormCase(
        role="investor",
        url=lambda w: "/notifications/saved-searches/",
        form=lambda w: SavedSearchForm(),
        good=lambda w: {
            "name": "储能",
            "kind": "technology",
            "query": "钠离子电池",
            "track": "advanced-energy",
        },
        creates=(SavedSearch,),
    ),
    "notification_preferences": FormCase(
        role="investor",
        url=lambda w: "/notifications/preferences/",
        form=lambda w: PreferenceForm(),
        good=lambda w: {"email_enabled": "on", "digest_enabled": "on"},
    ),
    "search_page": FormCase(
        role="anonymous",
        url=lambda w: "/search/",
        form=lambda w: SearchForm(),
        good=lambda w: {"q": "钠离子电池", "kind": "technology", "sort": "relevance", "page": "1"},
        extra=lambda w: _search_query(),
        method="get",
    ),
}


class _SessionManageForm(forms.Form):
    """The two forms of the session management page, with their prefixes."""

    def __init__(self):
        super().__init__()
        for prefix, form in (
            ("move", SessionMoveForm(prefix="move")),
            ("cancel", SessionCancelForm(prefix="cancel")),
        ):
            for name, form_field in form.fields.items():
                self.fields[f"{prefix}-{name}"] = form_field


def _request_at_agreement(requester, technology):
    """An accepted request about ``technology`` that the two sides have brought to an agreement."""
    request = match_request(requester=requester, listing=technology, accept=True)
    for stage in ("negotiating", "agreement"):
        request = dealflow_services.move_stage(match_request=request, user=requester, stage=stage)
    return request


@pytest.fixture
def world(db):
    """One of each object the forms act on, and a person per role."""
    tracks = create_tracks()
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    university = OrganisationFactory(name="天津表单测试大学", kind="university")
    enterprise_org = OrganisationFactory(name="滨海表单测试科技", kind="enterprise")
    researcher = user_with_role(Role.RESEARCHER, organisation=university, is_admin=True)
    enterprise = user_with_role(Role.ENTERPRISE, organisation=enterprise_org, is_admin=True)
    investor = user_with_role(Role.INVESTOR)
    broker = user_with_role(Role.BROKER)
    editor = user_with_role(Role.EDITOR)
    expert = user_with_role(Role.RESEARCHER)
    technology = TechnologyFactory(organisation=university, track=energy, published=True)
    demand = DemandFactory(
        organisation=enterprise_org,
        track=energy,
        published=True,
        deadline=timezone.localdate() + datetime.timedelta(days=90),
    )
    second_demand = DemandFactory(organisation=enterprise_org, track=energy, published=True)
    request = match_request(requester=enterprise, listing=technology, accept=True)
    assign_broker(match_request=request, broker=broker, assigned_by=editor)
    other_technology = TechnologyFactory(organisation=university, track=energy, published=True)
    pending = match_request(requester=researcher, listing=demand, technology=other_technology)
    agreed = _request_at_agreement(
        enterprise, TechnologyFactory(organisation=university, track=energy, published=True)
    )
    closed = _request_at_agreement(
        enterprise, TechnologyFactory(organisation=university, track=energy, published=True)
    )
    dealflow_services.record_registration(
        match_request=closed,
        user=researcher,
        contract_type="license",
        amount_cny="1200000",
        signed_on=timezone.localdate(),
        registration_number="12011620260001",
    )
    for person in (enterprise, researcher):
        dealflow_services.confirm_outcome(match_request=closed, user=person, outcome="deal")
    challenge = ChallengeFactory(
        demand=DemandFactory(organisation=enterprise_org, track=energy, published=True), created_by=enterprise
    )
    series = RoadshowSeriesFactory(track=energy)
    session = RoadshowSessionFactory(series=series, track=energy)
    pitch = PitchFactory(
        technology=technology, applicant=researcher, session=session, status=PitchApplication.Status.ACCEPTED
    )
    registration = register(session=session, user=investor)
    category = ProcurementCategoryFactory()
    draft_product = InnovationProductFactory(
        organisation=enterprise_org, track=energy, category=category, status=InnovationProduct.Status.DRAFT
    )
    submitted = InnovationProductFactory(organisation=enterprise_org, track=energy, category=category)
    panel = panel_with_experts([expert])
    (evaluation,), _ = assign_to_panel(product=submitted, panel=panel, editor=editor)
    return {
        "energy": energy,
        "university": university,
        "enterprise_org": enterprise_org,
        "anonymous": None,
        "researcher": researcher,
        "enterprise": enterprise,
        "investor": investor,
        "broker": broker,
        "editor": editor,
        "expert": expert,
        "technology": technology,
        "demand": demand,
        "second_demand": second_demand,
        "request": request,
        "other_technology": other_technology,
        "pending": pending,
        "agreed": agreed,
        "closed": closed,
        "challenge": challenge,
        "session": session,
        "pitch": pitch,
        "registration": registration,
        "category": category,
        "draft_product": draft_product,
        "evaluation": evaluation,
    }


def _shows_an_error(html):
    return any(marker in html for marker in ('role="alert"', 'class="errorlist', "message error"))


def _counts(models):
    return {model.__name__: model.objects.count() for model in models}


# The page search also runs in the smoke pass: the embedded default's SQLite full-text search is
# where query syntax once gave a 500.
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[pytest.mark.smoke] if name == "search_page" else [])
        for name in sorted(CASES)
    ],
)
def test_no_form_input_gives_a_server_error(name, client, world):
    case = CASES[name]
    person = world[case.role]
    if person is not None:
        client.force_login(person)
    url = case.url(world)
    form = case.form(world)
    good = {form.add_prefix(name): value for name, value in case.good(world).items()}
    strategy = form_data(form, good, case.extra(world))

    statuses = []

    @FORM_SETTINGS
    @given(data=strategy)
    def post(data):
        with transaction.atomic():
            before = _counts(case.creates)
            if case.method == "get":
                data.pop("csrfmiddlewaretoken")
            response = getattr(client, case.method)(url, data)
            statuses.append(response.status_code)
            assert response.status_code < 500, f"{response.status_code} for {data!r}"
            # A page shown again (not Django's bare 400 for a malformed request) says what is wrong.
            if case.method == "post" and response.status_code in (200, 400) and response.templates:
                html = response.content.decode()
                assert _shows_an_error(html), f"form shown again without an error for {data!r}"
                assert _counts(case.creates) == before, f"created something for {data!r}"
            transaction.set_rollback(True)

    post()
    if case.method == "post":
        # Guards the harness: the good values still get through, so the services are reached too.
        assert 302 in statuses, f"no example of {name} got past the form: {sorted(set(statuses))}"
