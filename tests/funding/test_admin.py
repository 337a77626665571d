"""Editors manage programmes and products in the Wagtail admin through the services; nobody else."""

from funding.models import Programme


def test_editors_list_and_publish_programmes_through_the_service(client, editor, programme, fund_org, tracks):
    client.force_login(editor)
    page = client.get("/admin/funding/programmes/").content.decode()
    assert "新能源中试基金" in page
    response = client.post(
        "/admin/funding/programmes/new/",
        {
            "organisation": fund_org.pk, "slug": "admin-poc", "title_zh": "概念验证基金", "title_en": "PoC Fund",
            "summary_zh": "早期成果概念验证。", "summary_en": "Early results to proof of concept.", "stage": "poc",
            "tracks": [tracks[0].pk], "ticket_min_cny": "100000", "ticket_max_cny": "500000", "min_trl": "2",
            "ip_statuses": ["granted"], "review_steps": ["screening", "committee"], "is_published": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    created = Programme.objects.get(slug="admin-poc")
    assert created.published_at is not None and created.steps == ["screening", "committee"]
    assert created.criteria.count() == 4  # the default rubric, from the service


def test_the_admin_refuses_a_programme_of_a_non_fund(client, editor, university):
    client.force_login(editor)
    response = client.post(
        "/admin/funding/programmes/new/",
        {
            "organisation": university.pk, "slug": "wrong", "title_zh": "基金", "title_en": "Fund", "summary_zh": "说明",
            "summary_en": "About", "stage": "poc", "ticket_min_cny": "1", "ticket_max_cny": "2", "min_trl": "1",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "资助计划须由类型为“基金管理机构”的机构发布。" in response.content.decode()
    assert not Programme.objects.filter(slug="wrong").exists()


def test_non_editors_cannot_open_the_funding_admin(client, reviewer, programme):
    client.force_login(reviewer)
    assert client.get("/admin/funding/programmes/").status_code in (302, 403)
    assert client.get("/admin/funding/applications/").status_code in (302, 403)
