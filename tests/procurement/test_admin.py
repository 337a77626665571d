"""Editors manage products, panels, batches, scenarios and feed consumers in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from procurement.models import FeedConsumer
from tests.factories.accounts import UserFactory
from tests.factories.procurement import (
    InnovationProductFactory,
    RecommendationBatchFactory,
    panel_with_experts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "innovationproduct",
        "expertpanel",
        "recommendationbatch",
        "applicationscenario",
        "scenarioselection",
        "procurementcategory",
        "feedconsumer",
    ],
)
def test_admin_lists_open_for_editors(admin_client, model, tracks, category, experts):
    product = InnovationProductFactory(name="列表中的产品", track=tracks[0], category=category)
    panel_with_experts(experts)
    RecommendationBatchFactory(code="2026-9")
    response = admin_client.get(reverse(f"wagtailsnippets_procurement_{model}:list"))
    assert response.status_code == 200
    if model == "innovationproduct":
        page = response.content.decode()
        assert "列表中的产品" in page and product.get_absolute_url() in page


def test_new_feed_consumer_key_is_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_procurement_feedconsumer:add"),
        {"name": "市财政局政府采购管理系统", "contact": "采购处", "is_active": "on"},
        follow=True,
    )
    consumer = FeedConsumer.objects.get()
    messages = [str(m) for m in response.context["messages"]]
    [shown] = [m for m in messages if "API" in m]
    key = shown.rsplit(" ", 1)[-1].split("：")[-1]
    assert consumer.key_hash == FeedConsumer.hash_key(key) and key not in consumer.key_hash
    assert consumer.key_prefix == key[:8]
    assert (
        admin_client.get(
            "/api/v1/procurement/recommendations/", HTTP_AUTHORIZATION=f"Api-Key {key}"
        ).status_code
        == 200
    )


def test_editor_role_reaches_the_admin_lists(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/indicators_overview/").status_code == 200
