"""Every request table of the workspace (match requests, validation slots, funding applications,
brokerage requests) keeps its columns: the same headings, one cell per heading on every row."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

from network import services as network
from tests.factories.dealflow import match_request
from tests.factories.funding import apply
from tests.factories.listings import DemandFactory

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """{data-testid of the group around a table: (headings, [(row's data attribute, cells)])}."""

    def __init__(self):
        super().__init__()
        self.tables, self.groups, self.current, self.text = {}, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("div", "section"):
            self.groups.append(attrs.get("data-testid"))
        elif tag == "table":
            self.current = self.tables.setdefault(next(g for g in reversed(self.groups) if g), ([], []))
        elif tag == "th" and self.current is not None:
            self.text = ""
        elif tag == "tr" and self.current is not None:
            marker = next((name for name in attrs if name.startswith("data-")), None)
            if marker:
                self.current[1].append([marker, 0])
        elif tag == "td" and self.current is not None:
            self.current[1][-1][1] += 1

    def handle_endtag(self, tag):
        if tag in ("div", "section"):
            self.groups.pop()
        elif tag == "table":
            self.current = None
        elif tag == "th" and self.text is not None:
            self.current[0].append(self.text.strip())
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def tables(client, user):
    client.force_login(user)
    with translation.override("en"):
        page = client.get("/en/workspace/").content.decode()
    parser = Tables()
    parser.feed(page)
    return {
        key: (headings, [tuple(row) for row in rows])
        for key, (headings, rows) in parser.tables.items()
        if key.startswith(("requests-", "slots-", "funding-", "brokerage-"))
    }


def test_each_request_table_keeps_its_headings_and_a_cell_under_each(
    client,
    researcher,
    enterprise_user,
    enterprise_org,
    energy,
    technology,
    programme,
    slot_request,
    agency,
):
    match_request(requester=enterprise_user, listing=technology)
    apply(applicant=researcher, programme=programme, technology=technology)
    demand = DemandFactory(published=True, organisation=enterprise_org, track=energy, title="低温电池需求")
    network.request_brokerage(
        requester=enterprise_user, agency=agency, demand=demand, message="请帮助我们寻找合适的低温电池技术。"
    )

    assert tables(client, researcher) == {
        "requests-mine": (
            ["#", "Listing", "My side", "Other side", "Status", "Stage", "Answer by"],
            [("data-request", 7)],
        ),
        "slots-theirs": (
            ["#", "Technology", "Centre", "My side", "Status", "Answer by"],
            [("data-slot-request", 6)],
        ),
        "funding-theirs": (
            ["#", "Technology", "Programme", "My side", "Status", "Review step"],
            [("data-application", 6)],
        ),
    }
    assert tables(client, enterprise_user) == {
        "requests-theirs": (
            ["#", "Listing", "My side", "Other side", "Status", "Stage", "Answer by"],
            [("data-request", 7)],
        ),
        "brokerage-theirs": (
            ["#", "Demand", "Agency", "My side", "Broker", "Status", "Answer by"],
            [("data-brokerage-request", 7)],
        ),
    }
