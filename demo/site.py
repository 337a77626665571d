"""Build the demo site from demo.site_data: tracks, zones, the Chinese page tree and its English
translations, organisations and one account per role.

Idempotent: everything is found by a stable key (slug, e-mail) and only created when missing,
so running it again changes nothing.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.html import escape
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from accounts.services import grant_role
from demo import site_data as data
from home.models import (
    DevelopmentZone,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    SiteContactSettings,
    StandardPage,
    Track,
    TrackIndexPage,
    TrackPage,
)
from home.signals import grant_home_permissions_to_editors
from search.services import link_glossary_tracks
from taxonomy.services import load_reference_data

ZH, EN = "zh-hans", "en"
WORKFLOW_NAME = "Moderators approval"
PLAN_SLUG = "binhai-future-industries-action-plan"
PLAN_TAG = {"zh": "行动方案", "en": "action-plan"}
DEMO_HOSTNAME = "127.0.0.1"
DEMO_PORT = 8000

HOME_TEXT = {
    "title": data._t("滨海未来产业科技成果转化平台", "Binhai Future Industries Technology Transfer"),
    "kicker": data._t("培育新赛道 打造未来产业创新高地", "Cultivating new tracks for future industries"),
    "intro": data._t(
        "滨海新区数字化科技成果转化服务与交易中心：高校院所发布科技成果，企业发布场景需求，"
        "“需求方出题、科技界答题”；常态化路演连接投资方，优秀创新产品向政府采购目录推荐。",
        "The Binhai New Area's digital technology-transfer service and trading centre: universities and "
        "institutes publish technologies, enterprises publish scenario demands (the demand side sets the "
        "question, the science side answers), continuous roadshows connect investors, and the best "
        "innovation products are recommended for the government procurement catalogue.",
    ),
    "goals_heading": data._t("行动方案2025年目标", "The action plan's targets for 2025"),
}
TRACK_INDEX_TEXT = {
    "title": data._t("八条新赛道", "The eight tracks"),
    "intro": data._t(
        "行动方案确定的八条未来产业新赛道，每条赛道都明确了发展重点、创新源头、产业载体和所在开发区。",
        "The eight future-industry tracks of the action plan, each with its priorities, innovation "
        "sources, industrial carriers and development zones.",
    ),
}
POLICY_INDEX_TEXT = {
    "title": data._t("政策文件", "Policies"),
    "intro": data._t(
        "与滨海新区未来产业和科技成果转化相关的政策文件。",
        "Policy documents on the Binhai New Area's future industries and technology transfer.",
    ),
}
NEWS_INDEX_TEXT = {
    "title": data._t("新闻动态", "News"),
    "intro": data._t(
        "行动方案的进展、赛道解读和平台动态。",
        "Progress on the action plan, explainers on the tracks and news from the marketplace.",
    ),
}
ABOUT_TEXT = {
    "slug": "about",
    "title": data._t("关于平台", "About the marketplace"),
    "intro": data._t(
        "本平台是行动方案“应用场景驱动工程”提出的数字化科技成果转化服务与交易中心。",
        "This marketplace is the digital technology-transfer service and trading centre called for by "
        "the action plan's application scenario project.",
    ),
    "paragraphs": [
        data._t(
            "行动方案要求完善数字化科技成果转化服务与交易中心功能，打造永不落幕的科技成果常态化路演平台，"
            "发展技术转移机构、培养技术转移人才，持续开展需求征集、发布、对接、评价和交易活动。",
            "The action plan asks for a digital technology-transfer service and trading centre, a "
            "never-ending continuous roadshow platform, more technology-transfer agencies and brokers, "
            "and an ongoing cycle of collecting, publishing, matching, evaluating and trading demands.",
        ),
        data._t(
            "平台据此提供：科技成果与场景需求的发布和审核、智能匹配与对接、常态化路演、技术经纪服务，"
            "以及向政府采购目录推荐创新产品的通道。",
            "The marketplace therefore offers publication and moderation of technologies and scenario "
            "demands, ranked matching and introductions, continuous roadshows, technology brokers, and a "
            "channel that recommends innovation products for the government procurement catalogue.",
        ),
    ],
}


def _paragraphs_html(paragraphs, lang):
    return "".join(f"<p>{escape(p[lang])}</p>" for p in paragraphs)


def _named_items(items, lang):
    return [("item", {"name": item[lang], "note": "", "url": ""}) for item in items]


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_locales():
    """Side effects: creates the zh-hans and en locales when missing."""
    return (
        Locale.objects.get_or_create(language_code=ZH)[0],
        Locale.objects.get_or_create(language_code=EN)[0],
    )


def ensure_root(zh):
    """The tree's root, recreated only on a database emptied without migrations (a flushed test DB)."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=zh, live=True))
    return root


def ensure_moderation(root):
    """Wagtail's default "Moderators approval" workflow, assigned to the root so every page uses it.

    Side effects: creates the Editors and Moderators page permissions, the task and the workflow
    when missing, and assigns the workflow to the root page.
    """
    editors = Group.objects.get_or_create(name="Editors")[0]
    moderators = Group.objects.get_or_create(name="Moderators")[0]
    codenames = {
        editors: ["add_page", "change_page"],
        moderators: [
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ],
    }
    for group, names in codenames.items():
        group.permissions.add(*Permission.objects.filter(codename="access_admin"))
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=names
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(moderators)
    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})[0]
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def load_taxonomies():
    """Side effects: creates or updates the eight tracks and the development zones, and files
    the glossary's track keywords under their tracks."""
    load_reference_data()
    link_glossary_tracks()


def _zone_slugs(track):
    by_name = {zone["name"]["zh"]: zone["slug"] for zone in data.DEVELOPMENT_ZONES}
    return [by_name[zone["zh"]] for zone in track["development_zones"] if zone["zh"] in by_name]


def _track_targets(track, lang):
    clusters = ("、" if lang == "zh" else ", ").join(c[lang] for c in track["clusters"])
    named_in_goal = track["slug"] in data.TRACK_SLUGS[:4]
    if lang == "zh":
        text = f"打造{clusters}等产业集聚区，助力全区到2025年布局建设10个未来产业集聚区、构建50个未来技术典型应用场景、培育100个未来产业发展平台和龙头骨干企业。"
        if named_in_goal:
            text = "本赛道是行动方案2025年目标明确列出的集聚区布局领域之一。" + text
    else:
        text = (
            f"Build clusters such as {clusters}, contributing to the district's 2025 targets of 10 "
            "future-industry clusters, 50 typical application scenarios for future technologies and 100 "
            "development platforms and leading enterprises."
        )
        if named_in_goal:
            text = "The action plan names this track among the fields for its 2025 clusters. " + text
    return text


def _home_fields(lang):
    figures = [
        (
            "figure",
            {
                "value": str(target["value"]),
                "unit": "个" if lang == "zh" else "",
                "label": target["label"][lang],
                "year": target["year"],
            },
        )
        for target in data.PLAN["targets"]
    ]
    return {
        "title": HOME_TEXT["title"][lang],
        "hero_kicker": HOME_TEXT["kicker"][lang],
        "hero_intro": HOME_TEXT["intro"][lang],
        "goals_heading": HOME_TEXT["goals_heading"][lang],
        "goals": figures,
        "goal_2030": data.PLAN["target_2030"][lang],
    }


def _index_fields(text, lang):
    return {"title": text["title"][lang], "intro": f"<p>{escape(text['intro'][lang])}</p>"}


def _track_fields(track, lang):
    return {
        "title": track["name"][lang],
        "summary": track["summary"][lang],
        "introduction": f"<p>{escape(track['introduction'][lang])}</p>",
        "focus_areas": _named_items(track["focus_areas"], lang),
        "innovation_sources": _named_items(track["innovation_sources"], lang),
        "industry_carriers": _named_items(track["industry_carriers"], lang),
        "clusters": _named_items(track["clusters"], lang),
        "target_2025": _track_targets(track, lang),
        "target_2030": data.PLAN["target_2030"][lang],
    }


def _plan_fields(lang):
    plan = data.PLAN
    heading = "2025年目标" if lang == "zh" else "Targets for 2025"
    body = [
        (
            "figures",
            {
                "heading": heading,
                "figures": [
                    {
                        "value": str(t["value"]),
                        "unit": "个" if lang == "zh" else "",
                        "label": t["label"][lang],
                        "year": t["year"],
                    }
                    for t in plan["targets"]
                ],
            },
        )
    ]
    body += [
        ("section", {"heading": s["heading"][lang], "body": _paragraphs_html(s["paragraphs"], lang)})
        for s in plan["sections"]
    ]
    return {
        "title": plan["title"][lang],
        "issuing_body": plan["issuer"][lang],
        "document_number": plan["document_number"],
        "date": datetime.date.fromisoformat(plan["date"]),
        "summary": plan["summary"][lang],
        "body": body,
    }


def _news_fields(item, lang):
    return {
        "title": item["title"][lang],
        "date": datetime.date.fromisoformat(item["date"]),
        "intro": item["intro"][lang],
        "body": [("paragraph", f"<p>{escape(p[lang])}</p>") for p in item["paragraphs"]],
    }


def _about_fields(lang):
    return {
        "title": ABOUT_TEXT["title"][lang],
        "intro": ABOUT_TEXT["intro"][lang],
        "body": [("paragraph", f"<p>{escape(p[lang])}</p>") for p in ABOUT_TEXT["paragraphs"]],
    }


class PageTreeBuilder:
    """Creates each Chinese page once, then its English translation through Wagtail's locales."""

    def __init__(self, zh, en):
        self.zh, self.en = zh, en
        self.created = 0

    def child(self, parent, model, slug, fields_for, *, m2m=None, tags=None):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, locale=self.zh, **fields_for("zh"))
            parent.add_child(instance=page)
            self._set_relations(page, m2m, tags, "zh")
            _publish(page)
            self.created += 1
        page = page.specific
        self.translate(page, fields_for, m2m=m2m, tags=tags)
        return page

    def translate(self, page, fields_for, *, m2m=None, tags=None):
        if page.get_translation_or_none(self.en) is not None:
            return
        translated = page.copy_for_translation(self.en).specific
        for name, value in fields_for("en").items():
            setattr(translated, name, value)
        self._set_relations(translated, m2m, tags, "en")
        translated.save()
        _publish(translated)
        self.created += 1

    @staticmethod
    def _set_relations(page, m2m, tags, lang):
        for name, objects in (m2m or {}).items():
            getattr(page, name).set(objects)
        if tags:
            page.tags.set([tag[lang] for tag in tags])


def load_site(stdout=None):
    """Side effects: locales, root, workflow, taxonomies, the page tree in zh and en, the default Site
    and its contact settings. Returns the Chinese home page."""
    zh, en = ensure_locales()
    root = ensure_root(zh)
    ensure_moderation(root)
    grant_home_permissions_to_editors()
    load_taxonomies()
    builder = PageTreeBuilder(zh, en)

    home = HomePage.objects.filter(locale=zh).first()
    if home is None:
        # Wagtail's welcome page holds the "home" slug under the root on a fresh database.
        Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ).delete()
        home = HomePage(slug="home", locale=zh, **_home_fields("zh"))
        root.add_child(instance=home)
        _publish(home)
        builder.created += 1
    builder.translate(home, _home_fields)

    tracks = {track.slug: track for track in Track.objects.all()}
    zones = {zone.slug: zone for zone in DevelopmentZone.objects.all()}

    track_index = builder.child(
        home, TrackIndexPage, "tracks", lambda lang: _index_fields(TRACK_INDEX_TEXT, lang)
    )
    for item in data.TRACKS:
        builder.child(
            track_index,
            TrackPage,
            item["slug"],
            lambda lang, item=item: {"track": tracks[item["slug"]], **_track_fields(item, lang)},
            m2m={"development_zones": [zones[slug] for slug in _zone_slugs(item)]},
        )

    policy_index = builder.child(
        home, PolicyIndexPage, "policies", lambda lang: _index_fields(POLICY_INDEX_TEXT, lang)
    )
    plan = builder.child(
        policy_index,
        PolicyPage,
        PLAN_SLUG,
        _plan_fields,
        m2m={"related_tracks": list(tracks.values())},
        tags=[PLAN_TAG],
    )

    news_index = builder.child(home, NewsIndexPage, "news", lambda lang: _index_fields(NEWS_INDEX_TEXT, lang))
    for item in data.NEWS:
        builder.child(
            news_index,
            NewsPage,
            item["slug"],
            lambda lang, item=item: _news_fields(item, lang),
            m2m={"related_tracks": [tracks[slug] for slug in item["tracks"] if slug in tracks]},
            tags=[PLAN_TAG] if item["slug"] == data.NEWS[0]["slug"] else None,
        )
    builder.child(home, StandardPage, ABOUT_TEXT["slug"], _about_fields)

    if home.featured_policy_id is None:
        for page in (home, home.get_translation(en)):
            page.featured_policy = plan.get_translation(page.locale)
            _publish(page)

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        site = Site(hostname=DEMO_HOSTNAME, port=DEMO_PORT, is_default_site=True, root_page=home)
    if (
        site.pk is None
        or site.root_page_id != home.pk
        or site.hostname != DEMO_HOSTNAME
        or site.port != DEMO_PORT
    ):
        site.hostname, site.port, site.root_page, site.is_default_site = DEMO_HOSTNAME, DEMO_PORT, home, True
        site.site_name = HOME_TEXT["title"]["zh"]
        site.save()
    SiteContactSettings.objects.get_or_create(
        site=site,
        defaults={
            "organisation_name": "滨海新区科学技术局（示例）",
            "organisation_name_en": "Binhai New Area Science and Technology Bureau (demo)",
            "contact_email": "service@demo.binhai.test",
            "hotline": "022-0000-0000",
            "icp_number": "津ICP备00000000号（示例）",
        },
    )
    if stdout is not None:
        stdout.write(f"Site: {builder.created} pages created.\n")
    return home


def load_people(stdout=None):
    """Side effects: creates the organisations of the plan and one verified account per role."""

    organisations = {}
    for item in data.ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"]["zh"],
                "name_en": item["name"]["en"],
                "kind": item["kind"],
                "description": item["description"]["zh"],
                "description_en": item["description"]["en"],
                "verification_status": (
                    Organisation.Verification.VERIFIED
                    if item["verified"]
                    else Organisation.Verification.PENDING
                ),
            },
        )
        if not organisation.description_en and organisation.description == item["description"]["zh"]:
            organisation.description_en = item["description"]["en"]
            organisation.save(update_fields=["description_en"])
        organisations[item["slug"]] = organisation
    users = []
    for item in data.DEMO_USERS:
        user = User.objects.filter(email=item["email"]).first()
        if user is None:
            user = User(email=item["email"], display_name=item["name"]["zh"])
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=item["email"], defaults={"verified": True, "primary": True}
        )
        grant_role(user=user, role=item["role"])
        if item["role"] == Role.EDITOR:
            # The demo editor also moderates, so one person can walk the whole workflow.
            user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        if item.get("organisation") in organisations:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[item["organisation"]], defaults={"is_admin": True}
            )
        users.append((item, user))
    if stdout is not None:
        stdout.write(f"People: {len(organisations)} organisations, {len(users)} demo accounts.\n")
    return users


@transaction.atomic
def load(stdout=None):
    """Build the editorial site and the demo people. Side effects: see load_site and load_people."""
    home = load_site(stdout)
    load_people(stdout)
    return home
