"""Funding: programmes and their review, financial products and the requests for them."""

from .applications import Application, ApplicationDocument, InformationRound, Review, Tranche
from .programmes import (
    LADDER,
    REVIEW_ORDER,
    Criterion,
    FinancialProduct,
    Programme,
    ReviewStep,
    Stage,
    next_stage,
)
from .requests import ProductFile, ProductMessage, ProductRequest

__all__ = [
    "LADDER",
    "REVIEW_ORDER",
    "Application",
    "ApplicationDocument",
    "Criterion",
    "FinancialProduct",
    "InformationRound",
    "ProductFile",
    "ProductMessage",
    "ProductRequest",
    "Programme",
    "Review",
    "ReviewStep",
    "Stage",
    "Tranche",
    "next_stage",
]
