"""Who may open what: every page and API endpoint of deal flow and notifications against every kind of
person. Nothing of a private thread, file or proposal may reach anyone outside it.

One actor is the attacker of the security review: a self-registered person who creates an
organisation and invites the people of the deal. An invitation never accepted, or declined, makes
nobody a member, so the attacker sees exactly what any outsider sees.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts import services as accounts_services
from accounts.roles import Role
from dealflow import services
from dealflow.models import MatchRequest
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
    "self_made_admin",
    "assigned_broker",
    "other_broker",
    "editor",
]
PARTICIPANTS = {"requester", "owner", "assigned_broker"}


@pytest.fixture
def self_made_admin(db):
    """Signed up on their own (enterprise role, as the sign-up form allows) and created an organisation."""
    attacker = user_with_role(Role.ENTERPRISE, display_name="自建机构管理员", email="attacker@example.test")
    organisation = accounts_services.create_organisation(
        creator=attacker, name="自建空壳公司", kind="enterprise"
    )
    return attacker, organisation


def invite(organisation, attacker, person, *, decline=False):
    invitation = accounts_services.invite_member(
        organisation=organisation, email=person.email, invited_by=attacker, is_admin=True
    )
    if decline:
        accounts_services.decline_invitation(
            token=accounts_services.invitation_token(invitation), user=person
        )
    return invitation


@pytest.fixture
def world(
    technology,
    enterprise_user,
    enterprise_org,
    researcher,
    investor,
    outsider,
    self_made_admin,
    broker,
    other_broker,
    editor,
):
    """One accepted request with a thread, a file, a confidential file kept back and an NDA; one
    challenge with a proposal. Before anything is filed the self-made admin has invited the requester
    and the broker (no answer yet) and the owner (declined)."""
    attacker, attacker_org = self_made_admin
    invite(attacker_org, attacker, enterprise_user)
    invite(attacker_org, attacker, broker)
    invite(attacker_org, attacker, researcher, decline=True)
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
    invite(attacker_org, attacker, proposer)
    proposal = ProposalFactory(challenge=challenge, proposer=proposer, approach=SECRET_PROPOSAL)
    people = {
        "requester": enterprise_user,
        "owner": researcher,
        "researcher_proposer": proposer,
        "investor": investor,
        "outsider": outsider,
        "self_made_admin": attacker,
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
    for actor in ("outsider", "self_made_admin", "investor", "other_broker", "editor", "researcher_proposer"):
        client.force_login(people[actor])
        assert client.get("/api/v1/deals/requests/").json()["results"] == []
    client.force_login(people["assigned_broker"])
    assert [row["id"] for row in client.get("/api/v1/deals/requests/").json()["results"]] == [ids["mr"]]


# --- The organisation-membership attack, filed end to end -----------------------------------------


def closed_request(*, requester, technology, owner, organisation=None):
    """Filed by ``requester`` and carried to the end: thread, file, NDA, no-deal outcome, evaluations."""
    mr = services.request_introduction(
        requester=requester,
        technology=technology,
        organisation=organisation,
        message="希望了解该技术的许可条件与中试数据。",
        cooperation_mode="license",
    )
    mr = services.accept_match_request(match_request=mr, user=owner)
    services.post_message(match_request=mr, author=requester, body=SECRET_MESSAGE)
    shared = services.share_file(match_request=mr, user=requester, upload=SimpleUploadedFile("plan.pdf", PDF))
    services.attach_nda(match_request=mr, user=owner, upload=SimpleUploadedFile("nda.pdf", PDF))
    for person in (requester, owner):
        mr = services.confirm_outcome(match_request=mr, user=person, outcome="no_deal")
    for person in (requester, owner):
        services.evaluate(match_request=mr, user=person, counterpart_rating=4, service_rating=5)
    return MatchRequest.objects.get(pk=mr.pk), shared


ATTACKER_PAGES = [
    ("get", "/deals/requests/{mr}/", 404),
    ("get", "/deals/requests/{mr}/files/{file}/", 404),
    ("get", "/deals/requests/{mr}/nda/download/", 404),
    ("post", "/deals/requests/{mr}/messages/", 404),
    ("post", "/deals/requests/{mr}/files/", 404),
    ("post", "/deals/requests/{mr}/stage/", 404),
    ("post", "/deals/requests/{mr}/outcome/", 404),
    ("post", "/deals/requests/{mr}/evaluate/", 404),
    ("post", "/deals/requests/{mr}/registration/", 404),
    ("get", "/api/v1/deals/requests/{mr}/", 404),
    ("get", "/api/v1/deals/requests/{mr}/messages/", 404),
    ("post", "/api/v1/deals/requests/{mr}/answer/", 404),
]


def assert_attacker_locked_out(client, attacker, mr, shared):
    client.force_login(attacker)
    before = (mr.messages.count(), mr.files.count(), mr.evaluations.count(), mr.stage, mr.requester_outcome)
    for method, path, expected in ATTACKER_PAGES:
        url = path.format(mr=mr.pk, file=shared.pk)
        data = {"body": "我也在这个线程里", "outcome": "deal", "stage": "negotiating", "action": "accept"}
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == expected, f"{method} {url}"
        assert SECRET_MESSAGE not in response.content.decode("utf-8", "replace")
    assert client.get("/api/v1/deals/requests/").json()["results"] == []
    assert SECRET_MESSAGE not in client.get("/deals/").content.decode()
    mr.refresh_from_db()
    after = (mr.messages.count(), mr.files.count(), mr.evaluations.count(), mr.stage, mr.requester_outcome)
    assert after == before


def test_an_invitee_who_has_not_answered_files_as_an_individual_and_the_inviter_sees_nothing(
    client, self_made_admin, technology, researcher
):
    attacker, attacker_org = self_made_admin
    angel = user_with_role(Role.INVESTOR, email="angel@example.test")
    invite(attacker_org, attacker, angel)
    mr, shared = closed_request(requester=angel, technology=technology, owner=researcher)
    assert mr.requester_organisation is None
    assert mr.evaluations.get(side="owner").evaluated_organisation is None
    assert_attacker_locked_out(client, attacker, mr, shared)


def test_an_invitee_who_declined_is_no_member_and_the_inviter_sees_nothing(
    client, self_made_admin, technology, researcher
):
    attacker, attacker_org = self_made_admin
    victim = user_with_role(Role.ENTERPRISE, email="victim@example.test")
    invite(attacker_org, attacker, victim, decline=True)
    mr, shared = closed_request(requester=victim, technology=technology, owner=researcher)
    assert mr.requester_organisation is None
    assert_attacker_locked_out(client, attacker, mr, shared)


def test_a_member_of_both_who_files_for_their_own_organisation_keeps_the_inviter_out(
    client, self_made_admin, technology, researcher, enterprise_org
):
    attacker, attacker_org = self_made_admin
    victim = user_with_role(Role.ENTERPRISE, organisation=enterprise_org, email="both@example.test")
    invitation = invite(attacker_org, attacker, victim)
    accounts_services.accept_invitation(token=accounts_services.invitation_token(invitation), user=victim)
    victim = type(victim).objects.get(pk=victim.pk)
    with pytest.raises(ValidationError, match="choose the one you file for"):
        services.request_introduction(
            requester=victim,
            technology=technology,
            message="希望了解许可条件与价格。",
            cooperation_mode="license",
        )
    mr, shared = closed_request(
        requester=victim, technology=technology, owner=researcher, organisation=enterprise_org
    )
    assert mr.requester_organisation == enterprise_org
    assert_attacker_locked_out(client, attacker, mr, shared)


def test_an_invitee_who_accepts_and_chooses_the_inviters_organisation_shares_with_it(
    client, self_made_admin, technology, researcher
):
    """Consent and an explicit choice are what put the inviter on the requester's side (and the
    lock-out checks above would catch it)."""
    attacker, attacker_org = self_made_admin
    colleague = user_with_role(Role.ENTERPRISE, email="colleague@example.test")
    invitation = invite(attacker_org, attacker, colleague)
    accounts_services.accept_invitation(token=accounts_services.invitation_token(invitation), user=colleague)
    colleague = type(colleague).objects.get(pk=colleague.pk)
    mr, _shared = closed_request(
        requester=colleague, technology=technology, owner=researcher, organisation=attacker_org
    )
    client.force_login(attacker)
    assert client.get(f"/deals/requests/{mr.pk}/").status_code == 200
    assert SECRET_MESSAGE in client.get(f"/deals/requests/{mr.pk}/").content.decode()


def test_the_inviter_cannot_read_a_proposal_an_invitee_filed(
    client, self_made_admin, enterprise_org, enterprise_user
):
    attacker, attacker_org = self_made_admin
    proposer = user_with_role(Role.RESEARCHER, email="proposer@example.test")
    invite(attacker_org, attacker, proposer)
    challenge = ChallengeFactory(
        demand=DemandFactory(published=True, organisation=enterprise_org), created_by=enterprise_user
    )
    proposal = services.submit_proposal(
        challenge=challenge,
        proposer=proposer,
        summary="宽温域正极方案。",
        approach=SECRET_PROPOSAL,
        team="课题组十二人。",
        timeline_months=12,
        budget_cny=1_000_000,
    )
    assert proposal.organisation is None
    client.force_login(attacker)
    for url in (f"/deals/proposals/{proposal.pk}/", f"/deals/challenges/{challenge.pk}/review/"):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET_PROPOSAL not in response.content.decode()


def test_adding_a_member_without_their_consent_no_longer_exists(client, self_made_admin, enterprise_user):
    attacker, attacker_org = self_made_admin
    client.force_login(attacker)
    response = client.post(f"/accounts/org/{attacker_org.slug}/members/", {"email": enterprise_user.email})
    assert response.status_code == 404
    assert not attacker_org.has_member(type(enterprise_user).objects.get(pk=enterprise_user.pk))


def test_the_side_is_decided_by_membership_at_the_time_of_the_action(client, world, university):
    """A colleague of the owner reads the thread while a member, and nothing once they have left."""
    people, ids = world
    colleague = user_with_role(Role.RESEARCHER, organisation=university)
    client.force_login(colleague)
    assert client.get(f"/deals/requests/{ids['mr']}/").status_code == 200
    accounts_services.leave_organisation(organisation=university, user=colleague)
    for path in ("/deals/requests/{mr}/", "/api/v1/deals/requests/{mr}/messages/"):
        assert client.get(path.format(**ids)).status_code == 404
    assert client.post(f"/deals/requests/{ids['mr']}/messages/", {"body": "还在吗"}).status_code == 404
