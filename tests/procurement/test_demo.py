"""The demo data loads on top of the demo people and loads again without duplicating anything."""

import io

import pytest

from demo import indicators as indicators_demo
from demo import procurement as demo
from demo import site as home_demo
from indicators.models import MaintainedCount, ProgrammeTarget
from procurement.models import ApplicationScenario, Evaluation, InnovationProduct, ScenarioAward

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(tracks):
    home_demo.load_people()
    for _run in range(2):
        demo.load(io.StringIO())
        indicators_demo.load(io.StringIO())
    assert InnovationProduct.objects.count() == 3
    accepted = InnovationProduct.objects.get(status="accepted")
    assert accepted.catalogue_entry_number == "TJCX-2026-0001" and accepted.batch.code == "2026-1"
    assert Evaluation.objects.filter(status="submitted").count() == 5
    assert ApplicationScenario.objects.filter(is_published=True).count() == 3
    assert ScenarioAward.objects.count() == 2
    assert sorted(ProgrammeTarget.objects.values_list("indicator", "value")) == [
        ("clusters", 10),
        ("platforms", 100),
        ("typical_scenarios", 50),
    ]
    assert MaintainedCount.objects.count() == 8
