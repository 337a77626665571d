import factory

from accounts.models import Membership, Organisation, User
from accounts.services import grant_role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """allauth only lets people with a verified address sign in."""
        if create:
            self.save()
            self.emailaddress_set.create(email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试机构{n}")
    name_en = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = Organisation.Kind.UNIVERSITY
    verification_status = Organisation.Verification.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def user_with_role(role, organisation=None, is_admin=False, **kwargs):
    """A person holding one role, optionally a member of an organisation."""
    user = UserFactory(**kwargs)
    grant_role(user=user, role=role)
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation, is_admin=is_admin)
    return user
