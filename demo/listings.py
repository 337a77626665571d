"""Demo listings: technologies and scenario demands across the eight tracks, so matching has something to show.

Owned by the demo organisations of ``demo.site_data.ORGANISATIONS`` (looked up by slug; entries
whose organisation is missing are skipped). Idempotent: keyed by ref, published through Wagtail's
revisions so that the admin history and the ``listings_changed`` signal behave as for real ones.
The enterprise and agency demands are fictional examples; the universities' technologies are
described in general terms, not as claims about any real project.
"""

from accounts.models import Membership, Organisation, User
from listings.models import Demand, Patent, Technology
from taxonomy.models import DevelopmentZone, Track

from .listings_translations import POINTS, TRANSLATIONS, description

TECHNOLOGIES = [
    # ref, organisation slug, track, language, title, summary, keywords, trl, modes, extra
    ("DEMO-T01", "tianjin-university", "advanced-energy", "zh", "宽温域钠离子电池层状氧化物正极材料",
     "零下二十度容量保持率超过百分之九十的低成本钠离子电池正极材料。",
     ["钠离子电池", "正极材料", "低温性能", "储能"], 6, ["license", "joint_development"],
     {"development_stage": "pilot", "ip_status": "granted",
      "patents": [("ZL202110000001.X", "invention", "granted"), ("ZL202210000002.5", "invention", "pending")]}),
    ("DEMO-T02", "nankai-university", "advanced-energy", "zh", "水系有机液流电池电解液",
     "本征安全、长寿命的水系有机液流电池电解液，适合长时储能。",
     ["液流电池", "长时储能", "电解液", "本征安全"], 5, ["joint_development", "equity"],
     {"development_stage": "prototype", "ip_status": "pending"}),
    ("DEMO-T03", "tianjin-university-of-technology", "advanced-energy", "en",
     "Non-precious-metal catalyst for alkaline water electrolysis",
     "A nickel-iron catalyst that cuts electrolyser overpotential for green hydrogen production.",
     ["water electrolysis", "hydrogen", "catalyst", "electrolyser"], 4, ["license"],
     {"development_stage": "proof_of_concept"}),
    ("DEMO-T04", "cas-tianjin-institute-of-industrial-biotechnology", "bio-manufacturing", "zh",
     "二氧化碳生物转化制备有机酸的细胞工厂",
     "以工业尾气二氧化碳为原料，经工程菌株发酵生产有机酸的生物制造路线。",
     ["合成生物学", "二氧化碳利用", "细胞工厂", "发酵"], 5, ["license", "joint_development"],
     {"development_stage": "pilot", "ip_status": "granted"}),
    ("DEMO-T05", "tianjin-university-of-science-and-technology", "bio-manufacturing", "zh",
     "食品级耐高温淀粉酶高效表达技术", "酶活提高一倍、可在九十五度稳定工作的食品级淀粉酶表达体系。",
     ["酶制剂", "发酵", "食品添加剂", "高效表达"], 7, ["license", "assignment"],
     {"development_stage": "small_batch", "price_cny": 1_800_000, "price_negotiable": True}),
    ("DEMO-T06", "cams-institute-of-hematology", "cell-gene-therapy", "zh", "封闭式自动化CAR-T细胞制备工艺",
     "全封闭自动化CAR-T制备流程，将制备周期缩短至七天并降低批间差异。",
     ["CAR-T", "细胞治疗", "自动化制备", "质量控制"], 6, ["joint_development", "license"],
     {"development_stage": "pilot", "ip_status": "pending"}),
    ("DEMO-T07", "cams-institute-of-hematology", "cell-gene-therapy", "en", "Serum-free expansion medium for haematopoietic stem cells",
     "A chemically defined, serum-free medium that expands cord-blood stem cells tenfold.",
     ["stem cell", "serum-free medium", "cell therapy"], 5, ["license"], {"development_stage": "prototype"}),
    ("DEMO-T08", "tianjin-university", "brain-smart-medicine", "zh", "高通量无创脑机接口系统",
     "基于稳态视觉诱发电位的无创脑机接口，信息传输率高，适用于康复与辅助交互。",
     ["脑机接口", "脑电", "康复", "无创"], 6, ["joint_development", "equity"],
     {"development_stage": "prototype", "ip_status": "granted"}),
    ("DEMO-T09", "nankai-university", "brain-smart-medicine", "zh", "卒中影像智能辅助诊断算法",
     "在急诊CT上自动识别缺血性卒中病灶并给出量化评分，辅助溶栓决策。",
     ["医学影像", "人工智能", "卒中", "辅助诊断"], 6, ["license"], {"development_stage": "pilot"}),
    ("DEMO-T10", "national-supercomputer-center-tianjin", "independent-it", "zh", "国产异构超算平台上的工业仿真软件迁移工具",
     "将常见工业仿真代码自动迁移到国产异构处理器，性能损失控制在一成以内。",
     ["信创", "超算", "工业软件", "国产处理器"], 7, ["license", "joint_development"],
     {"development_stage": "industrialised", "ip_status": "software"}),
    ("DEMO-T11", "tianjin-university-of-technology", "independent-it", "en", "Trusted boot firmware for RISC-V industrial controllers",
     "Open, auditable secure-boot firmware for RISC-V programmable logic controllers.",
     ["RISC-V", "trusted computing", "industrial control"], 5, ["license"], {"development_stage": "prototype"}),
    ("DEMO-T12", "tianjin-university", "deep-sea", "zh", "长航程水下滑翔机",
     "续航超过三千公里的水下滑翔机，可搭载温盐深与水质传感器长期组网观测。",
     ["水下滑翔机", "海洋观测", "水下机器人", "长航程"], 7, ["joint_development", "license"],
     {"development_stage": "small_batch", "ip_status": "granted"}),
    ("DEMO-T13", "tianjin-university-of-technology", "deep-sea", "zh", "万米级深海耐压光纤压力传感器",
     "可在全海深工作的光纤压力传感器，精度达千分之一满量程。",
     ["深海", "压力传感器", "光纤传感", "耐压"], 5, ["license", "assignment"], {"development_stage": "prototype"}),
    ("DEMO-T14", "civil-aviation-university-of-china", "aerospace", "zh", "航空发动机叶片孔探图像智能检测",
     "利用深度学习自动识别孔探图像中的裂纹、烧蚀与掉块，缩短检修时间。",
     ["航空发动机", "无损检测", "人工智能", "适航"], 7, ["license", "joint_development"],
     {"development_stage": "industrialised"}),
    ("DEMO-T15", "civil-aviation-university-of-china", "aerospace", "en", "BeiDou-based low-altitude drone traffic management",
     "Centimetre-level BeiDou positioning and conflict detection for low-altitude drone corridors.",
     ["BeiDou", "drone", "low-altitude economy", "navigation"], 6, ["joint_development"],
     {"development_stage": "pilot"}),
    ("DEMO-T16", "nankai-university", "new-materials", "zh", "高导热石墨烯复合散热膜",
     "面内导热率超过一千五百瓦每米开尔文的柔性石墨烯散热膜，可卷对卷生产。",
     ["石墨烯", "导热膜", "电子散热", "热管理"], 6, ["license", "equity"],
     {"development_stage": "pilot", "ip_status": "granted"}),
    ("DEMO-T17", "tianjin-university", "new-materials", "zh", "耐八百度轻质钛铝合金构件",
     "面向航空与汽车涡轮增压器的轻质耐高温钛铝合金精密铸造技术。",
     ["钛铝合金", "高温合金", "轻量化", "精密铸造"], 5, ["joint_development"], {"development_stage": "prototype"}),
    ("DEMO-T18", "tianjin-university-of-science-and-technology", "new-materials", "en", "Fully biodegradable PBAT-starch film",
     "A starch-filled PBAT film that degrades in compost within 180 days at half the cost of pure PBAT.",
     ["biodegradable plastics", "bio-based material", "packaging film"], 7, ["license", "assignment"],
     {"development_stage": "small_batch"}),
]  # fmt: skip

DEMANDS = [
    # ref, organisation slug, track, language, title, summary, keywords, zone, budget min, max, extra
    ("DEMO-D01", "demo-energy-storage-co", "advanced-energy", "zh", "北方储能电站低温电池解决方案",
     "寻求零下二十度仍能稳定充放电、成本低于磷酸铁锂的储能电池方案。",
     ["储能", "低温性能", "钠离子电池", "储能电站"], "nangang-industrial-zone", 2_000_000, 5_000_000,
     {}),
    ("DEMO-D02", "demo-energy-storage-co", "advanced-energy", "zh", "储能电池热失控早期预警",
     "需要在热失控前十分钟给出预警的电池监测方法，可接入现有电池管理系统。",
     ["电池管理系统", "热失控", "安全预警", "储能"], "nangang-industrial-zone", 500_000, 1_500_000,
     {}),
    ("DEMO-D03", "demo-energy-storage-co", "new-materials", "zh", "储能变流器功率模块散热材料",
     "变流器功率模块温升过高，寻求高导热、可贴合的散热膜或界面材料。",
     ["导热膜", "热管理", "电子散热"], "teda", 300_000, 800_000, {}),
    ("DEMO-D04", "demo-energy-storage-co", "advanced-energy", "en", "Long-duration storage for an industrial park microgrid",
     "Seeking an intrinsically safe storage technology with 8-hour duration for a park microgrid.",
     ["long-duration storage", "flow battery", "microgrid"], "sino-singapore-eco-city", 3_000_000, 10_000_000, {}),
    ("DEMO-D05", "binhai-science-and-technology-bureau", "deep-sea", "zh", "海洋牧场水质长期在线监测",
     "为近海海洋牧场建设长期、低维护的水质与环境在线监测网络。",
     ["海洋观测", "水质监测", "海洋牧场", "水下机器人"], "tianjin-port-ftz", 1_000_000, 3_000_000,
     {}),
    ("DEMO-D06", "binhai-science-and-technology-bureau", "brain-smart-medicine", "zh", "社区卒中康复智能训练设备",
     "为社区卫生服务中心引入可居家延续的卒中上肢康复训练设备。",
     ["卒中", "康复", "脑机接口", "可穿戴"], "binhai-hi-tech-zone", 500_000, 2_000_000, {}),
    ("DEMO-D07", "binhai-science-and-technology-bureau", "independent-it", "zh", "政务工业仿真平台信创适配",
     "区属工程设计单位的仿真软件需迁移到国产处理器与操作系统。",
     ["信创", "工业软件", "国产处理器", "超算"], "binhai-hi-tech-zone", 800_000, 2_500_000, {}),
    ("DEMO-D08", "binhai-science-and-technology-bureau", "aerospace", "en", "Drone inspection corridors for the port area",
     "Low-altitude drone corridors with BeiDou positioning for routine port and pipeline inspection.",
     ["drone", "BeiDou", "inspection", "low-altitude economy"], "dongjiang-bonded-zone", 1_000_000, 4_000_000, {}),
    ("DEMO-D09", "demo-tech-transfer-centre", "cell-gene-therapy", "zh", "CAR-T生产工艺自动化与降本",
     "受区内细胞治疗企业委托，寻求缩短制备周期、降低人工的CAR-T生产工艺。",
     ["CAR-T", "自动化制备", "细胞治疗"], "teda", 2_000_000, 6_000_000, {}),
    ("DEMO-D10", "demo-tech-transfer-centre", "bio-manufacturing", "zh", "工业尾气二氧化碳资源化利用",
     "受化工企业委托，寻求将工业尾气二氧化碳转化为高附加值化学品的技术。",
     ["二氧化碳利用", "合成生物学", "化学品"], "dagang-petrochemical-park", 3_000_000, 8_000_000, {}),
    ("DEMO-D11", "demo-tech-transfer-centre", "bio-manufacturing", "en", "Heat-stable enzymes for starch processing",
     "A food company seeks heat-stable amylase to cut energy use in starch liquefaction.",
     ["enzyme", "amylase", "food processing", "fermentation"], "teda", 500_000, 1_500_000, {}),
    ("DEMO-D12", "demo-tech-transfer-centre", "aerospace", "zh", "航空维修孔探检测效率提升",
     "受航空维修企业委托，寻求自动判读发动机孔探图像的智能检测方案。",
     ["航空发动机", "无损检测", "人工智能"], "tianjin-port-ftz", 600_000, 1_800_000, {}),
]  # fmt: skip


def _texts(ref, summary):
    """Description (Markdown) and the other-language title, summary and description of a demo listing."""
    title_t, summary_t, points_t = TRANSLATIONS[ref]
    return {
        "description": description(summary, POINTS[ref]),
        "translated_title": title_t,
        "translated_summary": summary_t,
        "translated_description": description(summary_t, points_t),
    }


def _publish(obj):
    """Publish through Wagtail's revisions (fires the signals that set status and feed the index)."""
    revision = obj.save_revision(clean=False)
    revision.publish()


def load(stdout=None):
    """Create or refresh the demo listings. Side effects: writes listings, revisions, patents."""

    tracks = {t.slug: t for t in Track.objects.all()}
    zones = {z.slug: z for z in DevelopmentZone.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    authors = {m.organisation.slug: m.user for m in _memberships(User)}
    made = skipped = 0
    for ref, org_slug, track, language, title, summary, keywords, trl, modes, extra in TECHNOLOGIES:
        organisation = organisations.get(org_slug)
        if organisation is None or track not in tracks:
            skipped += 1
            continue
        extra = dict(extra)
        patents = extra.pop("patents", [])
        defaults = dict(
                title=title, summary=summary, **_texts(ref, summary), track=tracks[track],
                language=language, keywords=keywords, organisation=organisation, trl=trl, transfer_modes=modes,
                created_by=authors.get(org_slug), **extra,
        )  # fmt: skip
        tech, created = Technology.objects.update_or_create(
            ref=ref, defaults=defaults, create_defaults={**defaults, "live": False}
        )
        if created:
            tech.patents = [Patent(number=n, type=t, legal_status=s) for n, t, s in patents]
            tech.save()
        if not tech.live or _stale(tech, defaults):
            _publish(tech)
        made += 1
    for ref, org_slug, track, language, title, summary, keywords, zone, low, high, extra in DEMANDS:
        organisation = organisations.get(org_slug)
        if organisation is None or track not in tracks:
            skipped += 1
            continue
        defaults = dict(
                title=title, summary=summary, **_texts(ref, summary), track=tracks[track],
                language=language, keywords=keywords, organisation=organisation, development_zone=zones.get(zone),
                budget_min_cny=low, budget_max_cny=high, created_by=authors.get(org_slug), **extra,
        )  # fmt: skip
        demand, _created = Demand.objects.update_or_create(
            ref=ref, defaults=defaults, create_defaults={**defaults, "live": False}
        )
        if not demand.live or _stale(demand, defaults):
            _publish(demand)
        made += 1
    if stdout is not None:
        stdout.write(
            f"listings: {made} demo listings ready, {skipped} skipped (organisation or track missing)"
        )
    return made


def _stale(listing, defaults):
    """The live row was written by update_or_create, but the published revision may be older."""
    revision = listing.live_revision
    if revision is None:
        return True
    content = revision.content
    return any(content.get(name) != defaults[name] for name in ("translated_title", "description"))


def _memberships(User):
    return Membership.objects.select_related("organisation", "user").filter(
        user__email__endswith="@demo.binhai.test"
    )
