"""Demo deal flow: one introduction in negotiation with a broker, one challenge with a proposal.

Idempotent: each object is found by its stable key (requester + listing, the challenge's demand)."""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.queries import members_of
from dealflow import services
from dealflow.models import Challenge, MatchRequest, Proposal
from listings.models import Demand, Technology

MESSAGES = [
    ("researcher@demo.binhai.test", "欢迎！我们可以提供零下二十度的循环测试数据，下周三可安排线上交流。"),
    ("enterprise@demo.binhai.test", "好的，我们也准备了储能电站的工况说明，期待交流。"),
]


def load(stdout=None):
    """Create the demo request and challenge. Side effects: match request, messages, challenge, proposal."""

    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.binhai.test")}
    technology = Technology.objects.filter(ref="DEMO-T01", status="published").first()
    demand = Demand.objects.filter(ref="DEMO-D01", status="published").first()
    enterprise, researcher = (
        people.get("enterprise@demo.binhai.test"),
        people.get("researcher@demo.binhai.test"),
    )
    broker, editor = people.get("broker@demo.binhai.test"), people.get("editor@demo.binhai.test")
    made = 0
    if (
        technology
        and enterprise
        and researcher
        and not MatchRequest.objects.filter(requester=enterprise, technology=technology).exists()
    ):
        mr = services.request_introduction(
            requester=enterprise,
            technology=technology,
            message="我们在北方建设储能电站，希望了解该正极材料的许可条件、量产成本和中试数据。",
            cooperation_mode="license",
        )
        owner = members_of(technology.organisation).first() or researcher
        mr = services.accept_match_request(match_request=mr, user=owner)
        if broker and editor:
            services.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
        for email, body in MESSAGES:
            author = people.get(email)
            if author and mr.side_of(author):
                services.post_message(match_request=mr, author=author, body=body)
        services.move_stage(match_request=mr, user=mr.requester, stage="negotiating")
        made += 1
    if demand and not Challenge.objects.filter(demand=demand).exists():
        lead = members_of(demand.organisation).first()
        if lead:
            challenge = services.open_challenge(
                demand=demand,
                user=lead,
                brief="请说明在零下二十度条件下保持百分之八十以上容量的技术路线、已有验证数据、中试计划与成本测算。",
                deadline=timezone.now() + datetime.timedelta(days=45),
            )
            if researcher and not Proposal.objects.filter(challenge=challenge, proposer=researcher).exists():
                services.submit_proposal(
                    challenge=challenge,
                    proposer=researcher,
                    summary="宽温域层状氧化物正极与低凝固点电解液协同方案。",
                    approach="铜铁锰三元层状氧化物掺杂改性，配合低凝固点电解液；已完成软包电池零下二十度循环验证。",
                    team="课题组十二人，承担国家重点研发计划项目两项，拥有中试线一条。",
                    timeline_months=18,
                    budget_cny=2_800_000,
                    technology=technology
                    if technology and technology.organisation_id in researcher.organisation_ids
                    else None,
                )
            made += 1
    if stdout is not None:
        stdout.write(f"dealflow: {made} demo items created")
