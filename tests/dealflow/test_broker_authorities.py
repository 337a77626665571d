"""Deal flow lets a registered authority (a part above it) allow broker assignment besides editors,
tells the parts above of each new request, and shares its answer-time figures with rows read elsewhere."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dealflow import registry, services
from dealflow.models import MatchRequest
from dealflow.queries import response_figures, response_figures_of_rows
from dealflow.signals import match_request_created
from tests.factories.dealflow import match_request


@pytest.fixture
def only_this_authority():
    saved = dict(registry._AUTHORITIES)
    registry._AUTHORITIES.clear()
    yield registry.register_broker_authority
    registry._AUTHORITIES.clear()
    registry._AUTHORITIES.update(saved)


def test_a_registered_authority_lets_a_non_editor_assign_a_broker(
    only_this_authority, technology, enterprise_user, researcher, broker
):
    mr = match_request(requester=enterprise_user, listing=technology)
    with pytest.raises(PermissionDenied):
        services.assign_broker(match_request=mr, broker=broker, assigned_by=researcher)
    only_this_authority("test", lambda request, person, by: by.pk == researcher.pk and person == broker)
    services.assign_broker(match_request=mr, broker=broker, assigned_by=researcher)
    assert MatchRequest.objects.get(pk=mr.pk).broker == broker
    with pytest.raises(PermissionDenied):
        services.assign_broker(match_request=mr, broker=None, assigned_by=researcher)


def test_each_new_request_is_announced_once(technology, enterprise_user):
    heard = []

    def listener(sender, match_request, **kwargs):
        heard.append(match_request.pk)

    match_request_created.connect(listener, dispatch_uid="test_listener")
    try:
        mr = match_request(requester=enterprise_user, listing=technology)
    finally:
        match_request_created.disconnect(dispatch_uid="test_listener")
    assert heard == [mr.pk]


def test_rows_read_elsewhere_give_the_same_figures(technology, enterprise_user, researcher):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    later = timezone.now() + datetime.timedelta(days=30)
    rows = MatchRequest.objects.values_list("created_at", "responded_at", "response_deadline", "status")
    assert response_figures_of_rows(list(rows), now=later) == response_figures(
        MatchRequest.objects.all(), now=later
    )
    assert response_figures(MatchRequest.objects.filter(pk=mr.pk))["answered"] == 1
