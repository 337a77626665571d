"""Who may open what: every page and API endpoint of deal flow and notifications against every kind of
person. Nothing of a private thread, file or proposal may reach anyone outside it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.roles import Role
from dealflow import services
from tests.factories import user_with_role
from tests.factories.dealflow import ChallengeFactory, ProposalFactory, match_request
from tests.factories.listings import DemandFactory

SECRET_MESSAGE = "机密：中试良率百分之九十二"
SECRET_PROPOSAL = "保密工艺路线：高熵掺杂"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACTORS = [
    "anonymous",
    "requester",
    "owner",
    "researcher_proposer",
    "investor",
    "outsider",
    "assigned_broker",
    "other_broker",
    "editor",
]
PARTICIPANTS = {"requester", "owner", "assigned_broker"}


@pytest.fixture
def world(
    technology, enterprise_user, enterprise_org, researcher, investor, outsider, broker, other_broker, editor
):
    """One accepted request with a thread, a file, a confidential file kept back and an NDA; one
    challenge with a proposal."""
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    services.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
    services.post_message(match_request=mr, author=researcher, body=SECRET_MESSAGE)
    public_file = services.share_file(
        match_request=mr, user=researcher, upload=SimpleUploadedFile("brochure.pdf", PDF)
    )
    services.attach_nda(match_request=mr, user=researcher, upload=SimpleUploadedFile("nda.pdf", PDF))
    secret_file = mr.files.create(
        uploaded_by=researcher,
        file=SimpleUploadedFile("process.pdf", PDF),
        original_name="process.pdf",
        content_type="application/pdf",
        size=len(PDF),
        confidential=True,
    )
    challenge_demand = DemandFactory(published=True, organisation=enterprise_org, title="揭榜：低温电池")
    challenge = ChallengeFactory(demand=challenge_demand, created_by=enterprise_user)
    proposer = user_with_role(Role.RESEARCHER, display_name="揭榜人", preferred_language="en")
    proposal = ProposalFactory(challenge=challenge, proposer=proposer, approach=SECRET_PROPOSAL)
    people = {
        "requester": enterprise_user,
        "owner": researcher,
        "researcher_proposer": proposer,
        "investor": investor,
        "outsider": outsider,
        "assigned_broker": broker,
        "other_broker": other_broker,
        "editor": editor,
    }
    ids = {
        "mr": mr.pk,
        "file": public_file.pk,
        "secret_file": secret_file.pk,
        "challenge": challenge.pk,
        "proposal": proposal.pk,
        "ref": technology.ref,
        "demand_ref": challenge_demand.ref,
        "org": technology.organisation.slug,
    }
    return people, ids


def only(allowed, yes, no, anonymous):
    return {
        actor: (anonymous if actor == "anonymous" else yes if actor in allowed else no) for actor in ACTORS
    }


def everyone(status, anonymous=None):
    return {actor: (anonymous if actor == "anonymous" and anonymous else status) for actor in ACTORS}


TEAM = {"requester"}  # the enterprise user leads the challenge of their organisation
OWNER_ORG = {"owner"}

# (name, method, path template, expected status per actor)
MATRIX = [
    ("inbox", "get", "/deals/", everyone(200, anonymous=302)),
    ("ask for introduction", "get", "/deals/ask/technology/{ref}/", everyone(200, anonymous=302)),
    ("request detail", "get", "/deals/requests/{mr}/", only(PARTICIPANTS, 200, 404, 302)),
    ("file download", "get", "/deals/requests/{mr}/files/{file}/", only(PARTICIPANTS, 200, 404, 302)),
    (
        "confidential file before NDA",
        "get",
        "/deals/requests/{mr}/files/{secret_file}/",
        only(PARTICIPANTS, 403, 404, 302),
    ),
    ("NDA download", "get", "/deals/requests/{mr}/nda/download/", only(PARTICIPANTS, 200, 404, 302)),
    ("post message", "post", "/deals/requests/{mr}/messages/", only(PARTICIPANTS, 302, 404, 302)),
    (
        "accept again",
        "post",
        "/deals/requests/{mr}/accept/",
        {**only(PARTICIPANTS, 403, 404, 302), "owner": 302},
    ),
    ("decline", "post", "/deals/requests/{mr}/decline/", {**only(PARTICIPANTS, 403, 404, 302), "owner": 400}),
    (
        "withdraw",
        "post",
        "/deals/requests/{mr}/withdraw/",
        {**only(PARTICIPANTS, 403, 404, 302), "requester": 302},
    ),
    ("share file", "post", "/deals/requests/{mr}/files/", only(PARTICIPANTS, 400, 404, 302)),
    ("registration", "post", "/deals/requests/{mr}/registration/", only(PARTICIPANTS, 400, 404, 302)),
    ("evaluate", "post", "/deals/requests/{mr}/evaluate/", only(PARTICIPANTS, 400, 404, 302)),
    ("challenge list", "get", "/deals/challenges/", everyone(200)),
    ("challenge detail", "get", "/deals/challenges/{challenge}/", everyone(200)),
    ("challenge review board", "get", "/deals/challenges/{challenge}/review/", only(TEAM, 200, 404, 302)),
    ("open challenge", "get", "/deals/challenges/open/{demand_ref}/", only(TEAM, 200, 403, 302)),
    (
        "proposal detail",
        "get",
        "/deals/proposals/{proposal}/",
        only(TEAM | {"researcher_proposer"}, 200, 404, 302),
    ),
    (
        "score proposal",
        "post",
        "/deals/proposals/{proposal}/score/",
        {**only(TEAM, 400, 404, 302), "researcher_proposer": 403},
    ),
    ("organisation figures", "get", "/deals/organisations/{org}/", everyone(200)),
    (
        "organisation dashboard",
        "get",
        "/deals/organisations/{org}/dashboard/",
        {**only(OWNER_ORG | {"editor"}, 200, 403, 302)},
    ),
    ("notification centre", "get", "/notifications/", everyone(200, anonymous=302)),
    ("notification preferences", "get", "/notifications/preferences/", everyone(200, anonymous=302)),
    ("saved searches", "get", "/notifications/saved-searches/", everyone(200, anonymous=302)),
    ("admin: match requests", "get", "/admin/deals/requests/", only({"editor"}, 200, 403, 302)),
    (
        "admin: broker assignment",
        "get",
        "/admin/deals/requests/edit/{mr}/",
        only({"editor"}, 200, 403, 302),
    ),
    ("admin: deals export", "get", "/admin/deals/deals/?export=csv", only({"editor"}, 200, 403, 302)),
    ("admin: audit log", "get", "/admin/deals/audit-log/", only({"editor"}, 200, 403, 302)),
    ("api: my requests", "get", "/api/v1/deals/requests/", everyone(200, anonymous=403)),
    ("api: request", "get", "/api/v1/deals/requests/{mr}/", only(PARTICIPANTS, 200, 404, 403)),
    ("api: thread", "get", "/api/v1/deals/requests/{mr}/messages/", only(PARTICIPANTS, 200, 404, 403)),
    (
        "api: answer",
        "post",
        "/api/v1/deals/requests/{mr}/answer/",
        {**only(PARTICIPANTS, 403, 404, 403), "owner": 400},
    ),
    ("api: challenges", "get", "/api/v1/deals/challenges/", everyone(200)),
    ("api: organisation figures", "get", "/api/v1/deals/organisations/{org}/figures/", everyone(200)),
    ("api: notifications", "get", "/api/v1/notifications/", everyone(200, anonymous=403)),
    ("api: unread count", "get", "/api/v1/notifications/unread-count/", everyone(200, anonymous=403)),
]

CASES = [
    (name, method, path, actor, expected[actor])
    for name, method, path, expected in MATRIX
    for actor in ACTORS
]


@pytest.mark.parametrize(
    ("name", "method", "path", "actor", "expected"), CASES, ids=[f"{c[0]}|{c[3]}" for c in CASES]
)
def test_authorisation_matrix(world, name, method, path, actor, expected):
    people, ids = world
    client = Client()
    if actor != "anonymous":
        client.force_login(people[actor])
    url = path.format(**ids)
    response = client.post(url, {"body": "你好"}) if method == "post" else client.get(url)
    assert response.status_code == expected, f"{name} as {actor}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if actor not in PARTICIPANTS:
        assert SECRET_MESSAGE not in text
    if actor not in TEAM | {"researcher_proposer"}:
        assert SECRET_PROPOSAL not in text


def test_request_list_api_shows_outsiders_nothing(world, client):
    people, ids = world
    for actor in ("outsider", "investor", "other_broker", "editor", "researcher_proposer"):
        client.force_login(people[actor])
        assert client.get("/api/v1/deals/requests/").json()["results"] == []
    client.force_login(people["assigned_broker"])
    assert [row["id"] for row in client.get("/api/v1/deals/requests/").json()["results"]] == [ids["mr"]]
