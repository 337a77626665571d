from django.urls import path

from .feeds import RecommendedProductsFeed

urlpatterns = [
    path("feeds/products/recommended.atom", RecommendedProductsFeed(), name="procurement_recommended_feed"),
]
