"""Organisation membership by consent: invitations, answers, leaving, and the same reply for every address."""

import datetime
import importlib
import re

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts import queries, services
from accounts.models import Invitation, Membership, User
from accounts.roles import Role
from core.models import AuditEntry
from notifications.models import Notification
from tests.factories import OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_fresh_cache(settings):
    translation.activate("en")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(university):
    return user_with_role(
        Role.RESEARCHER,
        organisation=university,
        is_admin=True,
        email="boss@example.test",
        preferred_language="en",
    )


@pytest.fixture
def invitee(db):
    return UserFactory(email="invitee@example.test", preferred_language="en")


def fresh(user):
    return User.objects.get(pk=user.pk)


def invite(organisation, email, by, capture, **kwargs):
    with capture(execute=True):
        return services.invite_member(organisation=organisation, email=email, invited_by=by, **kwargs)


def link_path(message):
    url = re.search(r"https?://\S+/accounts/invitations/\S+/", message.body).group(0)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_invitation_makes_nobody_a_member_until_accepted(
    university, admin, invitee, django_capture_on_commit_callbacks
):
    invitation = invite(university, "Invitee@Example.test", admin, django_capture_on_commit_callbacks)
    assert invitation.state == Invitation.State.PENDING
    assert invitation.email == "invitee@example.test"
    assert not queries.is_member(fresh(invitee), university)
    assert not Membership.objects.filter(user=invitee).exists()
    assert [m.to for m in mail.outbox] == [["invitee@example.test"]]
    # The invitee reads English: the organisation is named by its English name.
    assert mail.outbox[0].subject == f"{admin} invites you to join Tianjin Test University"
    notice = Notification.objects.get(recipient=invitee)
    assert notice.kind == "membership.invited"
    assert notice.url.startswith("/en/accounts/invitations/")
    assert services.read_invitation(token=notice.url.split("/")[-2], user=invitee) == invitation


def test_accepting_the_emailed_link_makes_the_invitee_a_member_with_the_offered_role(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    invite(university, invitee.email, admin, django_capture_on_commit_callbacks, is_admin=True)
    path = link_path(mail.outbox[0])
    client.force_login(invitee)
    page = client.get(path)
    assert page.status_code == 200
    assert "invites you to join 天津测试大学" in page.content.decode()
    response = client.post(path, {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"] == university.get_absolute_url()
    assert queries.is_member(fresh(invitee), university)
    assert queries.is_admin(fresh(invitee), university)
    assert Invitation.objects.get().state == Invitation.State.ACCEPTED
    entry = AuditEntry.objects.filter(action="member_joined").get()
    assert (entry.actor, entry.subject, entry.note) == (invitee, university, invitee.email)
    assert Notification.objects.filter(recipient=admin, kind="membership.answered").count() == 1


def test_declining_leaves_the_invitee_outside_and_the_link_spent(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    invite(university, invitee.email, admin, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.force_login(invitee)
    response = client.post(path, {"decision": "decline"})
    assert response.status_code == 302
    assert not queries.is_member(fresh(invitee), university)
    assert Invitation.objects.get().state == Invitation.State.DECLINED
    assert AuditEntry.objects.filter(action="invitation_declined", actor=invitee).count() == 1
    again = client.post(path, {"decision": "accept"})
    assert again.status_code == 400
    assert "already been answered" in again.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_expired_invitation_cannot_be_accepted(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    invite(university, invitee.email, admin, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(invitee)
    response = client.post(path, {"decision": "accept"})
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_link_older_than_its_signature_allows_is_refused(university, admin, invitee, settings):
    invitation = services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    token = services.invitation_token(invitation)
    settings.ACCOUNTS_INVITATION_DAYS = 0
    with pytest.raises(ValidationError, match="This invitation has expired"):
        services.accept_invitation(token=token, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"i": 1, "e": "invitee@example.test"}, salt="another.salt"),
        lambda token: "not-a-token",
    ],
    ids=["changed signature", "other salt", "garbage"],
)
def test_a_tampered_invitation_link_is_refused(client, university, admin, invitee, tamper):
    invitation = services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    client.force_login(invitee)
    token = tamper(services.invitation_token(invitation))
    response = client.post(reverse("accounts:invitation", args=[token]), {"decision": "accept"})
    assert response.status_code == 400
    assert "This invitation link is not valid." in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_someone_else_cannot_accept_an_invitation_meant_for_another_address(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    invite(university, invitee.email, admin, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    intruder = UserFactory(email="intruder@example.test")
    client.force_login(intruder)
    response = client.post(path, {"decision": "accept"})
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_inviting_answers_the_same_for_known_and_unknown_addresses(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    url = reverse("accounts:organisation_invite", args=[university.slug])
    pages = []
    for email in (invitee.email, "nobody.here@example.test"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email}, follow=True)
        text = response.content.decode()
        pages.append([str(m).replace(email, "EMAIL") for m in response.context["messages"]])
        assert response.redirect_chain == [(university.get_absolute_url(), 302)]
        assert f"Invitation sent to {email}. It stays valid for 14 days." in text
        assert f"<li>{email} ·" in text  # both wait in the admin's list
    assert pages[0] == pages[1] == ["Invitation sent to EMAIL. It stays valid for 14 days."]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "invitee@example.test",
        "nobody.here@example.test",
    ]
    # Both receive the same e-mail, which also tells how to sign up with that address.
    assert [m.to for m in mail.outbox] == [["invitee@example.test"], ["nobody.here@example.test"]]
    bodies = [m.body.replace(m.to[0], "EMAIL") for m in mail.outbox]
    assert re.sub(r"/invitations/\S+/", "", bodies[0]) == re.sub(r"/invitations/\S+/", "", bodies[1])
    assert "sign up with this address (EMAIL) first" in bodies[0]


def test_an_unknown_address_accepts_after_signing_up_with_it(
    client, university, admin, django_capture_on_commit_callbacks
):
    invite(university, "later@example.test", admin, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    assert client.get(path).status_code == 302  # sign in or sign up first
    newcomer = UserFactory(email="later@example.test")
    client.force_login(newcomer)
    client.post(path, {"decision": "accept"})
    assert queries.is_member(fresh(newcomer), university)


def test_invitations_are_rate_limited_per_admin(client, university, admin, settings):
    settings.ACCOUNTS_INVITATIONS_PER_HOUR = 3
    client.force_login(admin)
    url = reverse("accounts:organisation_invite", args=[university.slug])
    statuses = [client.post(url, {"email": f"p{n}@example.test"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Invitation.objects.count() == 3
    other_admin = user_with_role(Role.RESEARCHER, organisation=OrganisationFactory(), is_admin=True)
    services.invite_member(
        organisation=other_admin.memberships.get().organisation,
        email="p9@example.test",
        invited_by=other_admin,
    )


def test_only_organisation_admins_invite(client, university, admin, invitee):
    member = user_with_role(Role.RESEARCHER, organisation=university)
    client.force_login(member)
    response = client.post(
        reverse("accounts:organisation_invite", args=[university.slug]), {"email": invitee.email}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_malformed_address_is_refused_and_nothing_sent(client, university, admin):
    client.force_login(admin)
    response = client.post(reverse("accounts:organisation_invite", args=[university.slug]), {"email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_admin_sees_and_withdraws_pending_invitations(
    client, university, admin, invitee, django_capture_on_commit_callbacks
):
    invitation = invite(university, invitee.email, admin, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.force_login(admin)
    assert "invitee@example.test" in client.get(university.get_absolute_url()).content.decode()
    client.post(reverse("accounts:invitation_cancel", args=[university.slug, invitation.pk]))
    assert Invitation.objects.get().state == Invitation.State.CANCELLED
    assert "No invitation is waiting." in client.get(university.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="invitation_cancelled", actor=admin).count() == 1
    client.force_login(invitee)
    response = client.post(path, {"decision": "accept"})
    assert response.status_code == 400
    assert "withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_member_cannot_withdraw_invitations(client, university, admin, invitee):
    invitation = services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    member = user_with_role(Role.RESEARCHER, organisation=university)
    client.force_login(member)
    assert (
        client.post(reverse("accounts:invitation_cancel", args=[university.slug, invitation.pk])).status_code
        == 403
    )
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_pending_invitations_wait_on_my_organisations(client, university, admin, invitee):
    services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    client.force_login(invitee)
    text = client.get(reverse("accounts:my_organisations")).content.decode()
    assert "invites you to join 天津测试大学" in text


def test_a_member_leaves_and_is_no_longer_counted(client, university, admin):
    member = user_with_role(Role.RESEARCHER, organisation=university)
    client.force_login(member)
    response = client.post(reverse("accounts:organisation_leave", args=[university.slug]))
    assert response.status_code == 302
    assert not queries.is_member(fresh(member), university)
    assert AuditEntry.objects.filter(action="member_left", actor=member).count() == 1


def test_the_last_admin_cannot_leave_an_organisation_with_members(client, university, admin):
    member = user_with_role(Role.RESEARCHER, organisation=university)
    client.force_login(admin)
    response = client.post(reverse("accounts:organisation_leave", args=[university.slug]), follow=True)
    assert "last admin" in response.content.decode()
    assert queries.is_admin(fresh(admin), university)
    services.set_member_admin(organisation=university, member=member, is_admin=True, changed_by=admin)
    services.leave_organisation(organisation=university, user=fresh(admin))
    assert not queries.is_member(fresh(admin), university)


def test_the_last_admin_alone_may_leave(university, admin):
    services.leave_organisation(organisation=university, user=admin)
    assert not university.memberships.exists()


def test_an_admin_removes_a_member_but_never_the_last_admin(university, admin):
    member = user_with_role(Role.RESEARCHER, organisation=university)
    services.remove_member(organisation=university, member=member, removed_by=admin)
    assert not queries.is_member(fresh(member), university)
    assert AuditEntry.objects.filter(action="member_removed", actor=admin, note=member.email).count() == 1
    with pytest.raises(ValidationError, match="keeps at least one admin"):
        services.set_member_admin(organisation=university, member=admin, is_admin=False, changed_by=admin)
    with pytest.raises(PermissionDenied):
        services.remove_member(organisation=university, member=admin, removed_by=member)


def test_creating_an_organisation_is_audited(client):
    me = UserFactory()
    organisation = services.create_organisation(creator=me, name="自建机构", kind="enterprise")
    entry = AuditEntry.objects.get(action="organisation_created")
    assert (entry.actor, entry.subject) == (me, organisation)
    assert queries.is_admin(me, organisation)


def test_existing_memberships_stay_accepted_through_the_invitation_migration():
    """Memberships made before invitations (by the organisations' own admins) keep counting: the
    migration only adds the Invitation table, and a Membership row is an accepted membership.

    (A real migrate back to 0001 and forward again broke the restored database of every later
    live-server test, so the migration's operations are checked instead.)"""
    migration = importlib.import_module("accounts.migrations.0002_invitations").Migration
    touched = {
        (getattr(operation, "model_name", None) or getattr(operation, "name", "")).lower()
        for operation in migration.operations
    }
    assert touched == {"invitation"}

    person = UserFactory(email="before@example.test")
    organisation = OrganisationFactory(name="迁移前机构", slug="before", kind="university")
    Membership.objects.create(user=person, organisation=organisation, is_admin=True)
    assert queries.is_member(person, organisation)
    assert queries.is_admin(person, organisation)
    assert list(queries.members_of(organisation)) == [person]


def test_the_invitation_page_speaks_chinese_first(client, university, admin, invitee):
    invitation = services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    client.force_login(invitee)

    with translation.override("zh-hans"):
        path = services.invitation_path(invitation)
    text = client.get(path).content.decode()
    assert f"{admin} 邀请您加入天津测试大学。" in text
    assert "接受并加入" in text


def test_filing_organisation_counts_accepted_memberships_only(university, admin, invitee):
    other = OrganisationFactory(name="另一机构")
    services.invite_member(organisation=university, email=invitee.email, invited_by=admin)
    assert services.filing_organisation(user=fresh(invitee)) is None  # invited only: an individual
    with pytest.raises(ValidationError, match="You are not a member of Tianjin Test University"):
        services.filing_organisation(user=fresh(invitee), organisation=university)
    assert services.filing_organisation(user=admin) == university  # the only one, preselected
    Membership.objects.create(user=admin, organisation=other)
    with pytest.raises(ValidationError, match="choose the one you file for"):
        services.filing_organisation(user=fresh(admin))
    assert services.filing_organisation(user=fresh(admin), organisation=other) == other
