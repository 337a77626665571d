"""Innovation products recommended for the government procurement catalogue, and application scenarios.

The chain: an enterprise submits a product; editors put it before an expert panel; experts
declare conflicts of interest and score it against weighted criteria; editors place the best in a
dated recommendation batch sent to the finance bureau; the bureau's decision (accepted into the
catalogue with an entry number, or not) is recorded and the enterprise sees every step.
"""

from ._common import _localised, current_year
from .feed import FeedConsumer, RecommendationBatch
from .panels import CriterionScore, Evaluation, ExpertPanel, PanelCriterion, PanelMembership
from .products import (
    InnovationProduct,
    InnovationProductQuerySet,
    ProcurementCategory,
    ProductAttachment,
    ProductCertification,
    ProductStatusChange,
)
from .scenarios import ApplicationScenario, ScenarioAward, ScenarioPhoto, ScenarioSelection

__all__ = [
    "ApplicationScenario",
    "CriterionScore",
    "Evaluation",
    "ExpertPanel",
    "FeedConsumer",
    "InnovationProduct",
    "InnovationProductQuerySet",
    "PanelCriterion",
    "PanelMembership",
    "ProcurementCategory",
    "ProductAttachment",
    "ProductCertification",
    "ProductStatusChange",
    "RecommendationBatch",
    "ScenarioAward",
    "ScenarioPhoto",
    "ScenarioSelection",
    "_localised",
    "current_year",
]
