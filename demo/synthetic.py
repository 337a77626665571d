"""Realistic synthetic listings for benchmarks and load tests, deterministic for a given seed.

Titles are built from each track's vocabulary (Chinese and English): a subject, a qualifier and
an application, so that search and matching see plausible shared and distinct terms.
"""

import datetime
import random

# track slug -> (zh subjects, en subjects, zh qualifiers, en qualifiers, zh applications, en applications)
VOCABULARY = {
    "bio-manufacturing": (
        ["合成生物学菌株", "酶催化工艺", "生物基材料", "发酵工艺", "细胞工厂", "生物农药", "氨基酸发酵"],
        [
            "synthetic biology strain",
            "enzyme catalysis process",
            "bio-based material",
            "fermentation process",
            "cell factory",
            "biopesticide",
            "amino acid fermentation",
        ],
        ["高产率", "低能耗", "连续化", "可降解", "高纯度"],
        ["high-yield", "low-energy", "continuous", "biodegradable", "high-purity"],
        ["食品添加剂", "医药中间体", "可降解塑料", "饲料", "化妆品原料"],
        [
            "food additives",
            "pharmaceutical intermediates",
            "biodegradable plastics",
            "animal feed",
            "cosmetic ingredients",
        ],
    ),
    "cell-gene-therapy": (
        ["CAR-T细胞制备", "基因编辑平台", "干细胞培养基", "病毒载体", "mRNA递送系统", "类器官模型"],
        [
            "CAR-T cell manufacturing",
            "gene editing platform",
            "stem cell medium",
            "viral vector",
            "mRNA delivery system",
            "organoid model",
        ],
        ["高转导效率", "无血清", "自动化", "低免疫原性", "规模化"],
        ["high-transduction", "serum-free", "automated", "low-immunogenicity", "scalable"],
        ["实体瘤治疗", "遗传病治疗", "药物筛选", "再生医学", "疫苗开发"],
        [
            "solid tumour therapy",
            "genetic disease therapy",
            "drug screening",
            "regenerative medicine",
            "vaccine development",
        ],
    ),
    "brain-smart-medicine": (
        ["脑机接口", "脑电采集设备", "医学影像AI", "神经调控器", "手术机器人", "康复外骨骼"],
        [
            "brain-computer interface",
            "EEG acquisition device",
            "medical imaging AI",
            "neuromodulator",
            "surgical robot",
            "rehabilitation exoskeleton",
        ],
        ["非侵入式", "高通道", "低延迟", "可穿戴", "高精度"],
        ["non-invasive", "high-channel", "low-latency", "wearable", "high-precision"],
        ["卒中康复", "癫痫监测", "辅助诊断", "睡眠障碍", "精准手术"],
        [
            "stroke rehabilitation",
            "epilepsy monitoring",
            "diagnostic support",
            "sleep disorders",
            "precision surgery",
        ],
    ),
    "independent-it": (
        ["国产操作系统", "数据库内核", "信创中间件", "RISC-V芯片", "工业控制软件", "密码模块"],
        [
            "domestic operating system",
            "database kernel",
            "middleware",
            "RISC-V chip",
            "industrial control software",
            "cryptographic module",
        ],
        ["高可用", "自主可控", "分布式", "低功耗", "安全可信"],
        ["high-availability", "self-controlled", "distributed", "low-power", "trusted"],
        ["政务云", "金融核心系统", "智能制造", "能源调度", "港口物流"],
        ["government cloud", "core banking", "smart manufacturing", "energy dispatch", "port logistics"],
    ),
    "deep-sea": (
        ["深海耐压传感器", "水下机器人", "海底观测网", "深海采矿装备", "水声通信模块", "海洋浮标"],
        [
            "deep-sea pressure sensor",
            "underwater robot",
            "seabed observation network",
            "deep-sea mining equipment",
            "acoustic communication module",
            "ocean buoy",
        ],
        ["万米级", "长续航", "耐腐蚀", "高带宽", "自主导航"],
        ["full-ocean-depth", "long-endurance", "corrosion-resistant", "high-bandwidth", "autonomous"],
        ["油气勘探", "海洋牧场", "海底管线巡检", "科考", "海上风电运维"],
        [
            "oil and gas exploration",
            "marine ranching",
            "subsea pipeline inspection",
            "ocean research",
            "offshore wind maintenance",
        ],
    ),
    "aerospace": (
        ["卫星遥感数据处理", "商业火箭发动机", "无人机平台", "星载计算机", "北斗导航终端", "空天复合材料"],
        [
            "satellite remote sensing processing",
            "commercial rocket engine",
            "drone platform",
            "on-board computer",
            "BeiDou navigation terminal",
            "aerospace composite",
        ],
        ["高分辨率", "可重复使用", "长航时", "抗辐照", "厘米级"],
        ["high-resolution", "reusable", "long-endurance", "radiation-hardened", "centimetre-level"],
        ["农业监测", "应急救灾", "城市规划", "物流配送", "港口调度"],
        ["crop monitoring", "disaster response", "urban planning", "logistics delivery", "port dispatch"],
    ),
    "advanced-energy": (
        ["钠离子电池", "固态电解质", "电解水制氢", "储能系统", "光伏组件", "燃料电池电堆"],
        [
            "sodium-ion battery",
            "solid-state electrolyte",
            "water electrolysis hydrogen",
            "energy storage system",
            "solar module",
            "fuel cell stack",
        ],
        ["低温性能优异", "长循环寿命", "高能量密度", "低成本", "快充"],
        ["low-temperature", "long-cycle-life", "high-energy-density", "low-cost", "fast-charging"],
        ["储能电站", "电动汽车", "氢能重卡", "分布式光伏", "港口岸电"],
        ["grid-scale storage", "electric vehicles", "hydrogen trucks", "distributed solar", "shore power"],
    ),
    "new-materials": (
        ["石墨烯导热膜", "碳纤维复合材料", "高温合金", "特种涂层", "稀土永磁材料", "柔性显示材料"],
        [
            "graphene thermal film",
            "carbon fibre composite",
            "superalloy",
            "special coating",
            "rare-earth permanent magnet",
            "flexible display material",
        ],
        ["轻量化", "耐高温", "高强度", "可回收", "超薄"],
        ["lightweight", "high-temperature", "high-strength", "recyclable", "ultra-thin"],
        ["新能源汽车", "航空发动机", "电子散热", "风电叶片", "海洋工程"],
        [
            "new-energy vehicles",
            "aero engines",
            "electronics cooling",
            "wind turbine blades",
            "marine engineering",
        ],
    ),
}

UNIVERSITIES = [
    "天津大学", "南开大学", "天津科技大学", "天津理工大学", "中国民航大学", "河北工业大学",
    "天津工业大学", "天津医科大学", "中国科学院天津工业生物技术研究所", "天津国际生物医药联合研究院",
    "国家海洋技术中心", "天津中医药大学",
]  # fmt: skip
ENTERPRISE_PREFIXES = ["滨海", "泰达", "港城", "津南", "海河", "临港", "东疆", "南港", "生态城", "北塘"]
ENTERPRISE_SUFFIXES = [
    "科技有限公司",
    "新能源有限公司",
    "智能装备有限公司",
    "生物医药有限公司",
    "材料有限公司",
]
ZH_TECH_TEMPLATES = ["{q}{s}技术", "一种{q}{s}及其制备方法", "面向{a}的{q}{s}", "{s}{q}关键技术"]
EN_TECH_TEMPLATES = ["{Q} {s} for {a}", "{Q} {s}", "A {q} {s} and its manufacturing method"]
ZH_DEMAND_TEMPLATES = ["寻求{q}{s}解决方案", "{a}场景{s}技术需求", "{a}{q}{s}技术攻关"]
EN_DEMAND_TEMPLATES = ["Seeking a {q} {s} for {a}", "{Q} {s} needed for {a}"]
MODES = ["license", "assignment", "joint_development", "equity"]
STAGES = ["research", "proof_of_concept", "prototype", "pilot", "small_batch", "industrialised"]


def _organisations(rng):
    enterprises = [f"{p}{rng.choice(['华', '瑞', '创', '海', '星', '源'])}{s}" for p in ENTERPRISE_PREFIXES
                   for s in ENTERPRISE_SUFFIXES]  # fmt: skip
    return UNIVERSITIES, enterprises


def generate(*, technologies, demands, seed=0, ref_prefix=""):
    """Yield listing dicts in the exchange format: ``technologies`` then ``demands``."""
    rng = random.Random(seed)
    universities, enterprises = _organisations(rng)
    slugs = list(VOCABULARY)
    today = datetime.date(2026, 12, 1)
    for n in range(technologies):
        slug = slugs[n % len(slugs)]
        zh_s, en_s, zh_q, en_q, zh_a, en_a = VOCABULARY[slug]
        english = rng.random() < 0.2
        i, j, k = rng.randrange(len(zh_s)), rng.randrange(len(zh_q)), rng.randrange(len(zh_a))
        if english:
            title = rng.choice(EN_TECH_TEMPLATES).format(
                s=en_s[i], q=en_q[j], Q=en_q[j].capitalize(), a=en_a[k]
            )
            summary = f"A {en_q[j]} {en_s[i]} developed for {en_a[k]}, ready for transfer."
            keywords = [en_s[i], en_q[j], en_a[k]]
        else:
            title = rng.choice(ZH_TECH_TEMPLATES).format(s=zh_s[i], q=zh_q[j], a=zh_a[k])
            summary = f"{zh_q[j]}的{zh_s[i]}，可应用于{zh_a[k]}，具备转化条件。"
            keywords = [zh_s[i], zh_q[j], zh_a[k]]
        trl = rng.randint(2, 9)
        yield {
            "type": "technology",
            "ref": f"{ref_prefix}T{n + 1:07d}",
            "title": title[:200],
            "summary": summary,
            "description": f"<p>{summary}</p><p>{'Key figures available on request.' if english else '关键技术指标可在对接时提供。'}</p>",
            "track": slug,
            "keywords": keywords,
            "trl": trl,
            "development_stage": STAGES[min((trl - 1) * len(STAGES) // 9, len(STAGES) - 1)],
            "transfer_modes": sorted(rng.sample(MODES, rng.randint(1, 3))),
            "price_cny": rng.choice([None, None, rng.randint(5, 500) * 10_000]),
            "institution": rng.choice(universities),
            "language": "en" if english else "zh",
        }
    for n in range(demands):
        slug = slugs[n % len(slugs)]
        zh_s, en_s, zh_q, en_q, zh_a, en_a = VOCABULARY[slug]
        english = rng.random() < 0.15
        i, j, k = rng.randrange(len(zh_s)), rng.randrange(len(zh_q)), rng.randrange(len(zh_a))
        if english:
            title = rng.choice(EN_DEMAND_TEMPLATES).format(
                s=en_s[i], q=en_q[j], Q=en_q[j].capitalize(), a=en_a[k]
            )
            summary = f"We need a {en_q[j]} {en_s[i]} for {en_a[k]} within two years."
            keywords = [en_s[i], en_q[j], en_a[k]]
        else:
            title = rng.choice(ZH_DEMAND_TEMPLATES).format(s=zh_s[i], q=zh_q[j], a=zh_a[k])
            summary = f"面向{zh_a[k]}，需要{zh_q[j]}的{zh_s[i]}，两年内完成验证。"
            keywords = [zh_s[i], zh_q[j], zh_a[k]]
        budget = rng.choice([None, rng.randint(10, 1000) * 10_000])
        deadline = rng.choice([None, (today + datetime.timedelta(days=rng.randint(60, 900))).isoformat()])
        yield {
            "type": "demand",
            "ref": f"{ref_prefix}D{n + 1:07d}",
            "title": title[:200],
            "summary": summary,
            "description": f"<p>{summary}</p>",
            "track": slug,
            "keywords": keywords,
            "budget_cny": budget,
            "deadline": deadline,
            "organization": rng.choice(enterprises),
            "language": "en" if english else "zh",
        }
