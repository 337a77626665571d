"""The network listens to deal flow: a new match request about a brokered demand gets the agency's
broker, an assigned broker fixes which agency the introduction counts for, and deal flow learns
(through its registry) who besides editors may assign brokers and which agency membership a
broker needs to keep taking part in a request."""

from dealflow.registry import register_broker_authority, register_broker_tie
from dealflow.signals import broker_assigned, match_request_created

from . import services


def broker_new_request(sender, match_request, **kwargs):
    services.assign_broker_to_new_request(match_request=match_request)


def attribute_introduction(sender, match_request, broker, **kwargs):
    services.attribute_introduction(match_request=match_request, broker=broker)


def register():
    register_broker_authority("network.agency", services.may_assign_broker)
    register_broker_tie(
        "network.agency",
        organisation_of=services.broker_organisation_of,
        brokered_q=services.still_brokering_q,
    )
    match_request_created.connect(broker_new_request, dispatch_uid="network_broker_new_request")
    broker_assigned.connect(attribute_introduction, dispatch_uid="network_attribute_introduction")
