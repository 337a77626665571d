"""The bilingual domain glossary behind Chinese segmentation and cross-language matching.

Two sources: the editors' glossary (``GlossaryTerm`` snippets, seeded from the eight tracks'
keywords and the general terms of ``taxonomy.reference``, which stand in until the table is
readable), and the general technical vocabulary below, which listings use in every
track (电池 battery, 传感器 sensor ...). Each entry is a *concept*: Chinese variants and English
variants that mean the same thing. Text in either language is expanded to the concept's key
(its first Chinese variant) so that 钠离子电池 and "sodium-ion battery" meet on one token.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache

from django.db import DatabaseError

from taxonomy import reference

from .models import GlossaryTerm

logger = logging.getLogger(__name__)

# (Chinese variants, English variants). Synonyms in one language share a line.
TECHNICAL_TERMS = [
    (["电池"], ["battery", "batteries", "cell pack"]),
    (["电池管理系统"], ["battery management system", "bms"]),
    (["电芯"], ["battery cell"]),
    (["负极材料", "负极"], ["anode material", "anode"]),
    (["正极"], ["cathode"]),
    (["电解液", "电解质"], ["electrolyte"]),
    (["隔膜"], ["separator"]),
    (["硬碳"], ["hard carbon"]),
    (["低温性能", "低温"], ["low-temperature performance", "low temperature", "cold weather", "sub-zero"]),
    (["循环寿命"], ["cycle life"]),
    (["能量密度"], ["energy density"]),
    (["快充"], ["fast charging", "fast charge"]),
    (["储能电站"], ["energy storage station", "grid-scale storage", "grid storage"]),
    (["电网"], ["power grid", "grid"]),
    (["风电", "风力发电"], ["wind power"]),
    (["太阳能电池"], ["solar cell"]),
    (["光伏组件"], ["solar module", "pv module"]),
    (["电解水", "电解槽"], ["water electrolysis", "electrolyser", "electrolyzer"]),
    (["氢能", "氢气"], ["hydrogen"]),
    (["催化剂"], ["catalyst"]),
    (["传感器"], ["sensor"]),
    (["芯片"], ["chip", "integrated circuit"]),
    (["算法"], ["algorithm"]),
    (["深度学习"], ["deep learning"]),
    (["机器学习"], ["machine learning"]),
    (["大模型", "大语言模型"], ["large language model", "foundation model", "llm"]),
    (["图像识别", "视觉识别"], ["image recognition", "computer vision"]),
    (["边缘计算"], ["edge computing"]),
    (["云计算"], ["cloud computing"]),
    (["数据库"], ["database"]),
    (["网络安全", "信息安全"], ["cybersecurity", "information security"]),
    (["加密"], ["encryption"]),
    (["服务器"], ["server"]),
    (["软件"], ["software"]),
    (["机器人"], ["robot", "robotics"]),
    (["无人系统"], ["unmanned system"]),
    (["激光雷达"], ["lidar"]),
    (["雷达"], ["radar"]),
    (["卫星"], ["satellite"]),
    (["火箭"], ["rocket"]),
    (["发动机"], ["engine"]),
    (["遥感影像"], ["remote sensing imagery", "satellite imagery"]),
    (["遥感"], ["remote sensing"]),
    (["导航"], ["navigation"]),
    (["定位"], ["positioning"]),
    (["通信"], ["communication"]),
    (["复合材料"], ["composite material", "composite"]),
    (["碳纤维"], ["carbon fibre", "carbon fiber"]),
    (["轻量化"], ["lightweight"]),
    (["涂层"], ["coating"]),
    (
        ["防腐", "腐蚀防护", "耐腐蚀"],
        ["anti-corrosion", "corrosion protection", "corrosion resistance", "corrosion"],
    ),
    (["焊接"], ["welding"]),
    (["半导体"], ["semiconductor"]),
    (["晶圆"], ["wafer"]),
    (["衬底"], ["substrate"]),
    (["外延"], ["epitaxy", "epitaxial"]),
    (["功率器件"], ["power device"]),
    (["高分子", "聚合物"], ["polymer"]),
    (["塑料"], ["plastic"]),
    (["可降解"], ["biodegradable"]),
    (["薄膜"], ["thin film", "film"]),
    (["纳米"], ["nano", "nanoscale"]),
    (["耐高温"], ["high-temperature resistance", "heat resistant"]),
    (["回收"], ["recycling"]),
    (["发酵"], ["fermentation"]),
    (["酶"], ["enzyme"]),
    (["菌株"], ["strain", "microbial strain"]),
    (["蛋白质", "蛋白"], ["protein"]),
    (["代谢工程"], ["metabolic engineering"]),
    (["生物合成"], ["biosynthesis"]),
    (["食品"], ["food"]),
    (["肠道"], ["gut", "intestinal"]),
    (["药物"], ["drug", "medicine"]),
    (["抗体"], ["antibody", "antibodies"]),
    (["疫苗"], ["vaccine"]),
    (["肿瘤", "癌症"], ["tumour", "tumor", "cancer"]),
    (["实体瘤"], ["solid tumour", "solid tumor"]),
    (["白血病"], ["leukaemia", "leukemia"]),
    (["淋巴瘤"], ["lymphoma"]),
    (["CAR-T", "嵌合抗原受体T细胞"], ["car-t", "chimeric antigen receptor t cell"]),
    (["腺相关病毒", "AAV"], ["adeno-associated virus", "aav"]),
    (["慢病毒"], ["lentivirus", "lentiviral"]),
    (["mRNA", "信使RNA"], ["mrna", "messenger rna"]),
    (["递送"], ["delivery"]),
    (["脂质纳米颗粒"], ["lipid nanoparticle", "lnp"]),
    (["临床试验"], ["clinical trial"]),
    (["诊断"], ["diagnosis", "diagnostic", "diagnostics"]),
    (["医学影像"], ["medical imaging"]),
    (["癫痫"], ["epilepsy"]),
    (["抑郁症"], ["depression"]),
    (["阿尔茨海默病"], ["alzheimer's disease", "alzheimer"]),
    (["帕金森病"], ["parkinson's disease", "parkinson"]),
    (["卒中", "中风"], ["stroke"]),
    (["脑电"], ["eeg", "electroencephalography"]),
    (["康复"], ["rehabilitation"]),
    (["外骨骼"], ["exoskeleton"]),
    (["可穿戴"], ["wearable"]),
    (["医院"], ["hospital"]),
    (["海洋"], ["marine", "ocean", "offshore"]),
    (["海底"], ["seabed", "subsea", "seafloor"]),
    (["水下机器人", "无人潜航器", "潜航器"], ["underwater robot", "underwater vehicle", "auv", "rov"]),
    (["声呐"], ["sonar"]),
    (["油气"], ["oil and gas"]),
    (["钻井"], ["drilling"]),
    (["管道"], ["pipeline", "pipe"]),
    (["检测"], ["detection", "inspection", "testing"]),
    (["监测"], ["monitoring"]),
    (["无损检测"], ["non-destructive testing", "ndt"]),
    (["故障诊断"], ["fault diagnosis"]),
    (["预测性维护"], ["predictive maintenance"]),
    (["数字孪生"], ["digital twin"]),
    (["仿真"], ["simulation"]),
    (["自动化"], ["automation", "automated"]),
    (["智能制造"], ["smart manufacturing", "intelligent manufacturing"]),
    (["工业互联网"], ["industrial internet"]),
    (["物联网"], ["internet of things", "iot"]),
    (["新能源汽车", "电动汽车"], ["electric vehicle", "new energy vehicle", "ev"]),
    (["充电桩"], ["charging pile", "charging station"]),
    (["飞机"], ["aircraft"]),
    (["航空"], ["aviation"]),
    (["发射"], ["launch"]),
    (["轨道"], ["orbit", "orbital"]),
    (["碳中和", "双碳"], ["carbon neutrality", "carbon neutral"]),
    (["二氧化碳"], ["carbon dioxide", "co2"]),
    (["减排"], ["emission reduction"]),
    (["节能"], ["energy saving", "energy efficiency"]),
    (["废水"], ["wastewater"]),
    (["成本"], ["cost"]),
    (
        ["量产", "规模化生产", "产业化"],
        ["mass production", "industrialisation", "industrialization", "scale-up"],
    ),
    (["国产化"], ["localisation", "localization", "domestic production"]),
]

# Words too common to carry meaning in a listing, dropped before indexing and querying.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "是",
        "为",
        "对",
        "用",
        "于",
        "中",
        "以",
        "将",
        "可",
        "能",
        "并",
        "其",
        "该",
        "这",
        "那",
        "有",
        "无",
        "把",
        "被",
        "从",
        "到",
        "由",
        "向",
        "个",
        "之",
        "而",
        "也",
        "就",
        "都",
        "又",
        "还",
        "很",
        "更",
        "最",
        "已",
        "已经",
        "一种",
        "一个",
        "我们",
        "本",
        "项目",
        "进行",
        "通过",
        "实现",
        "提供",
        "具有",
        "基于",
        "相关",
        "以及",
        "包括",
        "需要",
        "希望",
        "要求",
        "寻求",
        "可以",
        "能够",
        "用于",
        "主要",
        "目前",
        "方面",
        "问题",
        "如何",
        "各类",
        "各种",
        "一批",
        "形成",
        "开展",
        "推动",
        "支持",
        "面向",
        "针对",
        "达到",
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "you",
        "your",
        "their",
        "they",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "into",
        "over",
        "under",
        "than",
        "then",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "how",
        "not",
        "no",
        "all",
        "any",
        "each",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "so",
        "very",
        "also",
        "using",
        "use",
        "used",
        "based",
        "via",
        "per",
        "new",
        "seek",
        "seeking",
        "need",
        "needs",
        "looking",
        "require",
        "requires",
        "required",
    ]
)


@dataclass(frozen=True)
class Concept:
    """One glossary concept: a language-neutral key with its Chinese and English spellings."""

    key: str
    zh: tuple[str, ...]
    en: tuple[str, ...]

    def label(self, language):
        """The concept as a reader of ``language`` would name it."""
        if language.startswith("en"):
            return self.en[0] if self.en else self.key
        return self.zh[0]


def editorial_terms():
    """[(Chinese spellings, English spellings)] of the editors' glossary, in its order.

    The reference data it was seeded from when the table cannot be read (no database in a unit
    test: pytest-django refuses with RuntimeError) or is empty.
    """
    try:
        terms = [
            (term.chinese_variants, term.english_variants)
            for term in GlossaryTerm.objects.order_by("track__order", "pk")
        ]
    except (DatabaseError, RuntimeError):
        logger.debug("Glossary table unreadable: using the reference glossary")
        terms = []
    terms = [(zh, en) for zh, en in terms if zh]
    return terms or [([zh], [en]) for zh, en in reference.GLOSSARY]


@lru_cache(maxsize=1)
def concepts():
    """Every concept, keyed by its first Chinese variant; editorial glossary first."""
    found = {}

    def add(zh_variants, en_variants):
        key = zh_variants[0]
        if key in found:
            old = found[key]
            found[key] = Concept(key, old.zh, tuple(dict.fromkeys(old.en + tuple(en_variants))))
        else:
            found[key] = Concept(key, tuple(zh_variants), tuple(en_variants))

    for zh_variants, en_variants in editorial_terms():
        add(zh_variants, en_variants)
    for track in reference.TRACKS:
        add([track["name"]["zh"]], [track["name"]["en"]])
    for zh_variants, en_variants in TECHNICAL_TERMS:
        add(zh_variants, en_variants)
    return found


def user_dictionary_words():
    """The Chinese words jieba must keep whole: every concept's Chinese variants."""
    words = set()
    for concept in concepts().values():
        words.update(v for v in concept.zh if any("\u4e00" <= ch <= "\u9fff" for ch in v))
    return sorted(words)
