from .accounts import MembershipFactory, OrganisationFactory, UserFactory, user_with_role
from .home import TrackFactory, create_tracks

__all__ = [
    "MembershipFactory",
    "OrganisationFactory",
    "TrackFactory",
    "UserFactory",
    "create_tracks",
    "user_with_role",
]
