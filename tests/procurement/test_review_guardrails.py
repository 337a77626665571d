"""The editor's review: no recommendation while an assigned expert's score is missing, unless an
override whose reason is recorded and shown in the batch; the rubric and its running total."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from procurement import services
from procurement.models import Evaluation, InnovationProduct, RecommendationBatch
from tests.factories.procurement import InnovationProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(enterprise_org, tracks, category, panel, editor, experts):
    product = InnovationProductFactory(
        name="海水淡化膜组件", organisation=enterprise_org, track=tracks[7], category=category
    )
    services.assign_to_panel(product=product, panel=panel, editor=editor)
    first = Evaluation.objects.filter(product=product).order_by("pk").first()
    services.declare_interests(evaluation=first, expert=first.expert, has_conflict=False)
    services.submit_scores(
        evaluation=first, expert=first.expert, scores={c.pk: 8 for c in panel.criteria.all()}, comment="可靠"
    )
    product.refresh_from_db()
    return product


@pytest.fixture
def batch(db):
    return RecommendationBatch.objects.create(
        code="2026-01", title="2026年第一批", recommended_on="2026-11-01"
    )


def test_missing_score_blocks_the_recommendation_and_names_the_experts(product, batch, editor):
    with pytest.raises(ValidationError) as error:
        services.recommend_product(product=product, batch=batch, editor=editor)
    assert "陈专家" in str(error.value) and "吴专家" in str(error.value)
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.UNDER_EVALUATION
    assert product.batch is None


def test_override_reason_is_recorded_and_shown_in_the_batch(client, product, batch, editor):
    services.recommend_product(
        product=product, batch=batch, editor=editor, override_reason="评审截止日已过，两位专家未按期评分。"
    )
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.RECOMMENDED
    assert product.recommendation_override == "评审截止日已过，两位专家未按期评分。"
    step = product.status_changes.latest("changed_at")
    assert "评审截止日已过" in step.note
    page = client.get(reverse("procurement:batch_detail", args=[batch.code])).content.decode()
    assert 'data-testid="override-' + product.ref + '"' in page
    assert "评审截止日已过，两位专家未按期评分。" in page


def test_every_score_in_needs_no_override_and_conflicts_are_not_waited_for(product, batch, editor, panel):
    second, third = Evaluation.objects.filter(product=product, status="assigned").order_by("pk")
    services.declare_interests(evaluation=second, expert=second.expert, has_conflict=False)
    services.submit_scores(
        evaluation=second,
        expert=second.expert,
        scores={c.pk: 6 for c in panel.criteria.all()},
        comment="一般",
    )
    services.declare_interests(
        evaluation=third, expert=third.expert, has_conflict=True, statement="曾任该企业顾问"
    )
    services.recommend_product(product=product, batch=batch, editor=editor)
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.RECOMMENDED
    assert product.recommendation_override == ""


def test_page_refuses_without_reason_and_accepts_with_one(client, product, batch, editor):
    client.force_login(editor)
    page = client.get(product.get_absolute_url()).content.decode()
    assert 'data-testid="missing-scores"' in page
    url = reverse("procurement:product_recommend", args=[product.ref])
    response = client.post(url, {"batch": batch.pk, "note": ""}, follow=True)
    assert "陈专家" in response.content.decode()
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.UNDER_EVALUATION
    client.post(url, {"batch": batch.pk, "note": "", "override_reason": "专家出差，编辑组决定先行推荐。"})
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.RECOMMENDED
    assert product.recommendation_override == "专家出差，编辑组决定先行推荐。"


def test_product_page_forms_keep_their_own_ids(client, product, editor):
    client.force_login(editor)
    page = client.get(product.get_absolute_url()).content.decode()
    assert page.count('id="recommend_note"') == 1
    assert page.count('id="decline_note"') == 1
    assert 'id="id_note"' not in page


def test_scoring_form_shows_the_rubric_and_a_running_total(client, product, panel):
    evaluation = Evaluation.objects.filter(product=product, status="assigned").order_by("pk").first()
    services.declare_interests(evaluation=evaluation, expert=evaluation.expert, has_conflict=False)
    client.force_login(evaluation.expert)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert 'data-testid="rubric"' in page
    for criterion in panel.criteria.all():
        assert f'data-weight="{criterion.weight}"' in page
    assert 'data-testid="running-total"' in page
    assert '<script src="/static/procurement/scoring.js" defer></script>' in page


def test_product_form_preselects_the_persons_enterprise(client, enterprise_user, enterprise_org):
    client.force_login(enterprise_user)
    response = client.get(reverse("procurement:product_create"))
    assert response.context["form"]["organisation"].value() == enterprise_org.pk
