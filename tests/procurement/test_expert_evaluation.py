"""Experts see only their assignments, score blind, and never score their own organisation's products."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from procurement import services
from procurement.models import Evaluation
from procurement.queries import panel_ranking
from tests.factories.accounts import MembershipFactory, user_with_role
from tests.factories.procurement import InnovationProductFactory, panel_with_experts

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(enterprise_org, tracks, category):
    return [
        InnovationProductFactory(
            name="海水淡化膜组件", organisation=enterprise_org, track=tracks[7], category=category
        ),
        InnovationProductFactory(name="脑机接口康复手套", track=tracks[2], category=category),
    ]


def scores_for(evaluation, points):
    return {c.pk: points for c in evaluation.panel.criteria.all()}


@pytest.mark.smoke
def test_expert_lists_and_opens_only_their_own_assignments(client, experts, products, editor):
    first_panel = panel_with_experts([experts[0]], name="第一组")
    second_panel = panel_with_experts([experts[1]], name="第二组")
    services.assign_to_panel(product=products[0], panel=first_panel, editor=editor)
    services.assign_to_panel(product=products[1], panel=second_panel, editor=editor)
    mine = Evaluation.objects.get(expert=experts[0])
    theirs = Evaluation.objects.get(expert=experts[1])

    client.force_login(experts[0])
    page = client.get(reverse("procurement:review_list")).content.decode()
    assert "海水淡化膜组件" in page
    assert "脑机接口康复手套" not in page
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    # The product page of an unassigned, non-public product does not exist for them either.
    assert client.get(products[1].get_absolute_url()).status_code == 404
    assert client.get(products[0].get_absolute_url()).status_code == 200


def test_expert_sees_other_scores_only_after_submitting(client, experts, products, panel, editor):
    services.assign_to_panel(product=products[0], panel=panel, editor=editor)
    first, second, _third = Evaluation.objects.filter(product=products[0]).order_by("pk")
    services.declare_interests(evaluation=first, expert=first.expert, has_conflict=False)
    services.submit_scores(
        evaluation=first, expert=first.expert, scores=scores_for(first, 9), comment="先进可靠"
    )

    client.force_login(second.expert)
    before = client.get(second.get_absolute_url()).content.decode()
    assert "先进可靠" not in before and "90.00" not in before
    assert list(services.peer_evaluations(evaluation=second, user=second.expert)) == []

    client.post(second.get_absolute_url(), {"declare": "1", "has_conflict": "no"})
    form = {"score": "1", "comment": "市场前景一般"}
    form.update({f"criterion_{c.pk}": "6" for c in panel.criteria.all()})
    response = client.post(second.get_absolute_url(), form)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Evaluation.Status.SUBMITTED and str(second.weighted_score) == "60.00"
    after = client.get(second.get_absolute_url()).content.decode()
    assert "先进可靠" in after and "90.00" in after
    assert list(services.peer_evaluations(evaluation=second, user=second.expert)) == [first]


def test_expert_cannot_score_a_product_of_their_own_organisation(
    experts, products, enterprise_org, editor, client
):
    insider = experts[2]
    MembershipFactory(user=insider, organisation=enterprise_org)
    insider.__dict__.pop("organisation_ids", None)
    panel = panel_with_experts([experts[0], insider], name="含本单位专家的组")

    created, excluded = services.assign_to_panel(product=products[0], panel=panel, editor=editor)
    assert [e.expert for e in created] == [experts[0]]
    assert excluded == [insider]
    assert not Evaluation.objects.filter(expert=insider).exists()

    # Even an evaluation made before they joined the enterprise cannot be used.
    stale = Evaluation.objects.create(panel=panel, product=products[0], expert=insider)
    with pytest.raises(PermissionDenied):
        services.declare_interests(evaluation=stale, expert=insider, has_conflict=False)
    client.force_login(insider)
    assert client.get(stale.get_absolute_url()).status_code == 403


def test_declared_conflict_withdraws_the_expert(experts, products, panel, editor):
    services.assign_to_panel(product=products[0], panel=panel, editor=editor)
    evaluation = Evaluation.objects.filter(product=products[0]).first()
    with pytest.raises(ValidationError):
        services.declare_interests(
            evaluation=evaluation, expert=evaluation.expert, has_conflict=True, statement=""
        )
    services.declare_interests(
        evaluation=evaluation, expert=evaluation.expert, has_conflict=True, statement="曾为该企业提供咨询"
    )
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CONFLICT
    with pytest.raises(ValidationError):
        services.submit_scores(
            evaluation=evaluation, expert=evaluation.expert, scores=scores_for(evaluation, 5), comment="x"
        )


def test_scores_out_of_range_are_refused_and_nothing_saved(experts, products, panel, editor):
    services.assign_to_panel(product=products[0], panel=panel, editor=editor)
    evaluation = Evaluation.objects.filter(product=products[0]).first()
    services.declare_interests(evaluation=evaluation, expert=evaluation.expert, has_conflict=False)
    with pytest.raises(ValidationError):
        services.submit_scores(
            evaluation=evaluation, expert=evaluation.expert, scores=scores_for(evaluation, 11), comment="好"
        )
    assert evaluation.scores.count() == 0
    with pytest.raises(PermissionDenied):
        services.submit_scores(
            evaluation=evaluation, expert=experts[1], scores=scores_for(evaluation, 5), comment="好"
        )


def test_only_editors_assign_recommend_and_decide(experts, products, panel, enterprise_user):
    with pytest.raises(PermissionDenied):
        services.assign_to_panel(product=products[0], panel=panel, editor=enterprise_user)
    outsider = user_with_role(Role.RESEARCHER)
    with pytest.raises(PermissionDenied):
        services.record_catalogue_decision(
            product=products[0], editor=outsider, accepted=True, entry_number="X"
        )


def test_ranking_orders_products_by_mean_score(client, experts, products, panel, editor):
    for product in products:
        services.assign_to_panel(product=product, panel=panel, editor=editor)
    for evaluation in Evaluation.objects.filter(product=products[1]):
        services.declare_interests(evaluation=evaluation, expert=evaluation.expert, has_conflict=False)
        services.submit_scores(
            evaluation=evaluation, expert=evaluation.expert, scores=scores_for(evaluation, 8), comment="好"
        )
    evaluation = Evaluation.objects.filter(product=products[0]).first()
    services.declare_interests(evaluation=evaluation, expert=evaluation.expert, has_conflict=False)
    services.submit_scores(
        evaluation=evaluation, expert=evaluation.expert, scores=scores_for(evaluation, 5), comment="一般"
    )
    ranking = panel_ranking(panel)
    assert [(p.ref, float(p.mean_score), p.evaluation_count) for p in ranking] == [
        (products[1].ref, 80.0, 3),
        (products[0].ref, 50.0, 1),
    ]
    client.force_login(editor)
    page = client.get(reverse("procurement:panel_ranking", args=[panel.pk])).content.decode()
    assert page.index("脑机接口康复手套") < page.index("海水淡化膜组件")
