from django.template import Context, Template
from django.test import RequestFactory

from tests.factories.dealflow import match_request


def render(template, **context):
    return Template("{% load dealflow_tags %}" + template).render(Context(context))


def test_introduction_button_for_visitors_and_owners(technology, enterprise_user, researcher):
    request = RequestFactory().get("/")
    request.user = enterprise_user
    html = render("{% introduction_button listing %}", listing=technology, request=request)
    assert f"/deals/ask/technology/{technology.ref}/" in html
    request.user = researcher
    html = render("{% introduction_button listing %}", listing=technology, request=request)
    assert "/deals/ask/" not in html and "/dashboard/" in html


def test_organisation_figures_tag_shows_the_share_answered(technology, enterprise_user):
    match_request(requester=enterprise_user, listing=technology, accept=True)
    html = render("{% organisation_figures org %}", org=technology.organisation)
    assert "100%" in html and "(1/1)" in html
