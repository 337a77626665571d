from django.core.management import call_command

from dealflow.models import Challenge, MatchRequest, Proposal


def test_demo_deal_flow_loads_once(db):
    call_command("load_demo", verbosity=0)
    counts = (MatchRequest.objects.count(), Challenge.objects.count(), Proposal.objects.count())
    call_command("load_demo", verbosity=0)
    assert (MatchRequest.objects.count(), Challenge.objects.count(), Proposal.objects.count()) == counts
    # The deal flow's own demo deal (the network's demo adds a brokered contract on DEMO-T01 too).
    mr = MatchRequest.objects.get(technology__ref="DEMO-T01", demand__isnull=True)
    assert (mr.status, mr.stage, mr.broker.email) == ("accepted", "negotiating", "broker@demo.binhai.test")
    assert mr.messages.count() == 2
    assert Challenge.objects.get(demand__ref="DEMO-D01").proposals.count() == 1
