"""Fuzzing the public API from its OpenAPI schema: no input, from anyone, gives a server error.

Schemathesis reads ``/api/v1/schema/`` from the live test server and, for every operation, sends
bounded, derandomised examples (valid ones and ones that break the schema) as each role: anonymous,
researcher, enterprise, investor, broker and editor, each with a DRF token. Path parameters are drawn
half from real objects seeded below (a published technology and demand, an accepted request with a
broker, a free and a paid roadshow session, a recommended product in a batch) and half at random, so
the examples reach the code behind ``get_object`` too. Every 5xx is collected and reported at the
end with the request that caused it.
"""

import datetime
import itertools
import os
from decimal import Decimal

import pytest
import requests
import schemathesis
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from accounts.roles import Role
from dealflow.services import assign_broker
from listings.models import Demand, Technology
from listings.signals import send_listings_changed
from procurement.models import InnovationProduct
from search.backends import backend_name, get_backend, reset_backends
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.dealflow import ChallengeFactory, match_request
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.procurement import InnovationProductFactory, RecommendationBatchFactory
from tests.factories.roadshow import RoadshowSeriesFactory, RoadshowSessionFactory

ROLES = ["anonymous", "researcher", "enterprise", "investor", "broker", "editor"]
# Per operation, per role and per generation mode: 44 operations × 6 roles × 2 modes stay under
# about four minutes on two busy cores.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _seed():
    """Real objects for the ids in the paths, and one person per role with a DRF token."""
    tracks = create_tracks()
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    university = OrganisationFactory(name="天津模糊测试大学", kind="university")
    enterprise_org = OrganisationFactory(name="滨海模糊测试科技", kind="enterprise")
    people = {
        "researcher": user_with_role(Role.RESEARCHER, organisation=university, is_admin=True),
        "enterprise": user_with_role(Role.ENTERPRISE, organisation=enterprise_org, is_admin=True),
        "investor": user_with_role(Role.INVESTOR),
        "broker": user_with_role(Role.BROKER),
        "editor": user_with_role(Role.EDITOR),
    }
    technology = TechnologyFactory(ref="T-FUZZ", organisation=university, track=energy, published=True)
    demand = DemandFactory(
        ref="D-FUZZ",
        organisation=enterprise_org,
        track=energy,
        published=True,
        deadline=timezone.localdate() + datetime.timedelta(days=90),
    )
    request = match_request(requester=people["enterprise"], listing=technology, accept=True)
    assign_broker(match_request=request, broker=people["broker"], assigned_by=people["editor"])
    ChallengeFactory(demand=demand, created_by=people["enterprise"])
    series = RoadshowSeriesFactory(slug="fuzz-weekly", track=energy)
    free = RoadshowSessionFactory(series=series, track=energy)
    paid = RoadshowSessionFactory(series=series, track=energy, price_cny=Decimal("200.00"))
    batch = RecommendationBatchFactory(code="2026-FUZZ")
    InnovationProductFactory(
        organisation=enterprise_org,
        track=energy,
        status=InnovationProduct.Status.RECOMMENDED,
        batch=batch,
        recommended_at=timezone.now(),
    )
    send_listings_changed(Technology, [technology.pk])
    send_listings_changed(Demand, [demand.pk])
    tokens = {role: Token.objects.create(user=user).key for role, user in people.items()}
    real = {
        "ref": {"/technologies/": technology.ref, "/demands/": demand.ref},
        "id": {"/deals/requests/": request.pk, "/roadshow/sessions/": [free.pk, paid.pk]},
        "slug": {"": university.slug},
        "id_or_slug": {"": series.slug},
        "code": {"": batch.code},
    }
    return tokens, real


def _real_path_parameters(operation, real):
    """Each set of path parameters of this operation that names seeded objects."""
    choices = {}
    for parameter in operation.path_parameters:
        for fragment, value in real.get(parameter.name, {}).items():
            if fragment in operation.path:
                choices[parameter.name] = value if isinstance(value, list) else [value]
                break
        else:
            return []
    return [dict(zip(choices, values, strict=True)) for values in itertools.product(*choices.values())]


def _strategy(operation, real):
    """Valid and schema-breaking examples; half on seeded objects when the path names any.

    Some operations have no schema-breaking input (a free-form path parameter, no body), so the
    two modes are drawn from one strategy rather than run apart.
    """
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        generated = operation.as_strategy(generation_mode=mode)
        on_real_objects = [
            operation.as_strategy(generation_mode=mode, path_parameters=parameters)
            for parameters in _real_path_parameters(operation, real)
        ]
        strategies.append(st.one_of(st.one_of(on_real_objects), generated) if on_real_objects else generated)
    return st.one_of(strategies)


@pytest.fixture
def seeded(transactional_db):
    cache.clear()
    reset_backends()
    if backend_name() == "elasticsearch":
        for kind in ("technology", "demand"):
            get_backend("elasticsearch").clear(kind)
    yield _seed()
    cache.clear()


@pytest.fixture(scope="module")
def api_schema(live_server):
    """The schema as the live server publishes it, read once for all roles."""
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")


@pytest.mark.postgres
@pytest.mark.parametrize("role", ROLES)
def test_no_api_operation_answers_with_a_server_error(role, live_server, api_schema, seeded):
    tokens, real = seeded
    headers = {"Authorization": f"Token {tokens[role]}"} if role in tokens else {}
    # The token really signs the person in, so the examples reach what this role may do.
    unread = requests.get(
        f"{live_server.url}/api/v1/notifications/unread-count/", headers=headers, timeout=30
    )
    assert unread.status_code == (403 if role == "anonymous" else 200)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    failures = []
    for operation in operations:

        @FUZZ_SETTINGS
        @given(case=_strategy(operation, real))
        def fuzz(case):
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as error:  # one report per operation, all collected
            failures.append(f"{operation.label} as {role}:\n{error}")
    assert len(operations) >= 44  # every app's API is in the schema (44 operations when this was written)
    assert not failures, "\n\n".join(failures)
