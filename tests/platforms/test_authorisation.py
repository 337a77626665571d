"""Who may open what: requests, threads, files and private reports reach only the technology's
organisation and the centre's organisation; public pages and public reports reach everyone."""

import pytest
from django.test import Client

from platforms import services
from tests.factories.platforms import pdf, reported

SECRET_MESSAGE = "机密：烧结温度曲线八百五十度"
SECRET_FINDINGS = "保密结论：第三批次克容量一百三十一"

ACTORS = ["anonymous", "owner", "colleague", "operator", "outsider", "editor"]
SIDES = {"owner", "colleague", "operator"}


@pytest.fixture
def world(technology, centre, researcher, colleague, operator, outsider, editor):
    """One reported request with a thread message, a file and a private report; one public report
    of another request of the same technology."""
    report = reported(requester=researcher, operator=operator, technology=technology, centre=centre)
    report.findings = SECRET_FINDINGS
    report.save()
    slot_request = report.slot_request
    services.post_message(slot_request=slot_request, author=operator, body=SECRET_MESSAGE)
    shared = services.share_file(slot_request=slot_request, user=operator, upload=pdf("curve.pdf"))
    people = {
        "owner": researcher,
        "colleague": colleague,
        "operator": operator,
        "outsider": outsider,
        "editor": editor,
    }
    ids = {
        "pk": slot_request.pk,
        "file": shared.pk,
        "report": report.pk,
        "ref": technology.ref,
        "slug": centre.slug,
    }
    return people, ids, report


def only(allowed, yes, no, anonymous):
    return {
        actor: (anonymous if actor == "anonymous" else yes if actor in allowed else no) for actor in ACTORS
    }


def everyone(status, anonymous=None):
    return {actor: (anonymous if actor == "anonymous" and anonymous else status) for actor in ACTORS}


OWNERS = {"owner", "colleague"}

MATRIX = [
    ("centre list", "get", "/platforms/", everyone(200)),
    ("centre list in English", "get", "/en/platforms/", everyone(200)),
    ("centre detail", "get", "/platforms/{slug}/", everyone(200)),
    ("ask for validation", "get", "/platforms/ask/{ref}/", {**only(OWNERS, 200, 403, 302)}),
    ("my requests", "get", "/platforms/requests/", everyone(200, anonymous=302)),
    ("request detail", "get", "/platforms/requests/{pk}/", only(SIDES, 200, 404, 302)),
    ("thread file", "get", "/platforms/requests/{pk}/files/{file}/", only(SIDES, 200, 404, 302)),
    ("private report file", "get", "/platforms/reports/{report}/file/", only(SIDES, 200, 404, 404)),
    ("post message", "post", "/platforms/requests/{pk}/messages/", only(SIDES, 302, 404, 302)),
    ("share file", "post", "/platforms/requests/{pk}/files/", only(SIDES, 400, 404, 302)),
    ("accept", "post", "/platforms/requests/{pk}/accept/", only(SIDES, 400, 404, 302)),
    (
        "withdraw",
        "post",
        "/platforms/requests/{pk}/withdraw/",
        {**only(SIDES, 302, 404, 302), "operator": 403},
    ),
    (
        "report visibility",
        "post",
        "/platforms/reports/{report}/visibility/",
        {**only(OWNERS, 302, 404, 302), "operator": 403},
    ),
    ("admin: centres", "get", "/admin/platforms/centres/", only({"editor"}, 200, 403, 302)),
    ("admin: requests", "get", "/admin/platforms/requests/", only({"editor"}, 200, 403, 302)),
    (
        "admin: report review",
        "get",
        "/admin/platforms/reports/edit/{report}/",
        only({"editor"}, 200, 403, 302),
    ),
    ("api: centres", "get", "/api/v1/platforms/centres/", everyone(200)),
    ("api: centre", "get", "/api/v1/platforms/centres/{slug}/", everyone(200)),
    ("api: my requests", "get", "/api/v1/platforms/requests/", everyone(200, anonymous=403)),
    ("api: request", "get", "/api/v1/platforms/requests/{pk}/", only(SIDES, 200, 404, 403)),
    ("api: thread", "get", "/api/v1/platforms/requests/{pk}/messages/", only(SIDES, 200, 404, 403)),
    ("api: answer", "post", "/api/v1/platforms/requests/{pk}/answer/", only(SIDES, 400, 404, 403)),
]

CASES = [
    (name, method, path, actor, expected[actor])
    for name, method, path, expected in MATRIX
    for actor in ACTORS
]


@pytest.mark.parametrize(
    ("name", "method", "path", "actor", "expected"), CASES, ids=[f"{c[0]}|{c[3]}" for c in CASES]
)
def test_authorisation_matrix(world, name, method, path, actor, expected):
    people, ids, _report = world
    client = Client()
    if actor != "anonymous":
        client.force_login(people[actor])
    url = path.format(**ids)
    response = client.post(url, {"body": "你好", "public": "0"}) if method == "post" else client.get(url)
    assert response.status_code == expected, f"{name} as {actor}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if actor not in SIDES:
        assert SECRET_MESSAGE not in text
        assert SECRET_FINDINGS not in text


def test_outsiders_see_no_request_in_lists(world, client):
    people, ids, _report = world
    client.force_login(people["outsider"])
    assert client.get("/api/v1/platforms/requests/").json()["results"] == []
    page = client.get("/platforms/requests/").content.decode()
    assert f"/platforms/requests/{ids['pk']}/" not in page
    client.force_login(people["colleague"])
    assert [row["id"] for row in client.get("/api/v1/platforms/requests/").json()["results"]] == [ids["pk"]]


def test_a_public_report_is_evidence_anyone_reads_until_the_owner_takes_it_off(world, client):
    people, ids, report = world
    services.set_report_visibility(report=report, user=people["owner"], public=True)
    response = client.get(f"/platforms/reports/{ids['report']}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get(report.slot_request.technology.get_absolute_url()).content.decode()
    assert SECRET_FINDINGS in page and "百公斤级中试验证报告" in page
    services.set_report_visibility(report=report, user=people["owner"], public=False)
    assert client.get(f"/platforms/reports/{ids['report']}/file/").status_code == 404
    assert (
        SECRET_FINDINGS not in client.get(report.slot_request.technology.get_absolute_url()).content.decode()
    )
