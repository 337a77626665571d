"""Demo content for the Binhai future-industries technology-transfer marketplace.

Everything here restates, in the project's own words, the Binhai New Area action plan
"滨海新区培育新赛道 打造未来产业创新高地行动方案" (issued by the General Office of the Binhai
New Area People's Government on 2023-07-06): its goals, its eight tracks, their spatial layout,
the five key projects and the safeguards. Nothing is read from outside at run time.

The module is plain Python (no Django imports) so that loaders, search setup and tests can use it
anywhere. Every human-readable text is a ``{"zh": ..., "en": ...}`` dict.

Top-level names: PLAN, TRACKS, TRACK_SLUGS, DEVELOPMENT_ZONES, NEWS, POLICIES, ORGANISATIONS, ORGANISATION_KINDS,
DEMO_USERS, DEMO_PASSWORD, GENERAL_TERMS, GLOSSARY.

The organisations and people marked 示例 / Demo are fictional; the universities, institutes and
the government office are the real bodies the plan names, described only by what the plan says.
"""


def _t(zh, en):
    return {"zh": zh, "en": en}


# ---------------------------------------------------------------------------------------------
# Development zones (开发区) named in the plan. The tracks below reuse these exact name dicts.
# ---------------------------------------------------------------------------------------------

_ZONE_FTZ = _t("天津港保税区", "Tianjin Port Free Trade Zone")
_ZONE_TEDA = _t("天津经济技术开发区", "Tianjin Economic-Technological Development Area (TEDA)")
_ZONE_HITECH = _t("滨海高新技术产业开发区", "Binhai Hi-tech Industrial Development Zone")
_ZONE_DONGJIANG = _t("东疆综合保税区", "Dongjiang Comprehensive Bonded Zone")
_ZONE_DAGANG = _t("大港石化产业园区", "Dagang Petrochemical Industrial Park")
_ZONE_NANGANG = _t("南港工业区", "Nangang Industrial Zone")
_ZONE_ECO_CITY = _t("中新天津生态城", "Sino-Singapore Tianjin Eco-city")

DEVELOPMENT_ZONES = [
    {"slug": "tianjin-port-ftz", "name": _ZONE_FTZ, "short": _t("保税区", "Bonded Zone")},
    {"slug": "teda", "name": _ZONE_TEDA, "short": _t("经开区", "TEDA")},
    {"slug": "binhai-hi-tech-zone", "name": _ZONE_HITECH, "short": _t("高新区", "Hi-tech Zone")},
    {"slug": "dongjiang-bonded-zone", "name": _ZONE_DONGJIANG, "short": _t("东疆综保区", "Dongjiang")},
    {"slug": "dagang-petrochemical-park", "name": _ZONE_DAGANG, "short": _t("大港石化园区", "Dagang")},
    {"slug": "nangang-industrial-zone", "name": _ZONE_NANGANG, "short": _t("南港工业区", "Nangang")},
    {"slug": "sino-singapore-eco-city", "name": _ZONE_ECO_CITY, "short": _t("生态城", "Eco-city")},
]


# ---------------------------------------------------------------------------------------------
# Institutions that several tracks name as innovation sources (reused as organisation names).
# ---------------------------------------------------------------------------------------------

_TJU = _t("天津大学", "Tianjin University")
_NKU = _t("南开大学", "Nankai University")
_TUST = _t("天津科技大学", "Tianjin University of Science and Technology")
_CAUC = _t("中国民航大学", "Civil Aviation University of China")
_TJUT = _t("天津理工大学", "Tianjin University of Technology")
_TIB = _t(
    "中国科学院天津工业生物技术研究所",
    "Tianjin Institute of Industrial Biotechnology, Chinese Academy of Sciences",
)
_TJAB = _t("天津国际生物医药联合研究院", "Tianjin International Joint Academy of Biomedicine")
_IH_CAMS = _t(
    "中国医学科学院血液学研究所（血液病医院）",
    "Institute of Hematology & Blood Diseases Hospital, Chinese Academy of Medical Sciences",
)
_NSCC_TJ = _t("国家超级计算天津中心", "National Supercomputer Center in Tianjin")
_TJ_AI = _t("天津（滨海）人工智能创新中心", "Tianjin (Binhai) Artificial Intelligence Innovation Center")
_TJ_ATRI = _t("天津先进技术研究院", "Tianjin Advanced Technology Research Institute")


# ---------------------------------------------------------------------------------------------
# The eight tracks, in the plan's order. Slugs are fixed by PRODUCT.md and the import format.
# ---------------------------------------------------------------------------------------------

TRACKS = [
    {
        "slug": "bio-manufacturing",
        "name": _t("生物制造", "Bio-manufacturing"),
        "order": 1,
        "summary": _t(
            "以合成生物学底层技术和工程化创制平台为基础，推动化学品、食品、药品等的绿色生物制造。",
            "Core synthetic-biology technologies and engineering platforms, applied to the green, "
            "bio-based production of chemicals, food, medicines and more.",
        ),
        "introduction": _t(
            "生物制造赛道以合成生物学为核心。在底层能力上，攻关基因合成与存储、基因编辑、数字细胞、"
            "高通量筛选等技术并研制新型装备，充实生物元件、底盘细胞等合成生物资源库，建设贯通"
            "“机器学习智能设计—自动化合成装配—高通量定量测试”的工程化创制平台，同时建立生物制造食品的"
            "营养与安全评估体系和标准体系。在产业应用上，突破化学品绿色生物制造、天然产物微生物重组合成、"
            "未来食品、益生菌定向选育与高活性制备、二氧化碳生物转化、绿色化学制药和生物制绿氢等关键技术，"
            "推动成果在医药、化工、食品、材料和农业领域转化应用。",
            "The bio-manufacturing track is built around synthetic biology. On the foundational side it "
            "targets gene synthesis and storage, gene editing, digital cells and high-throughput screening, "
            "together with new instruments; it expands resource banks of biological parts and chassis cells, "
            "builds an engineering platform that closes the loop from machine-learning design through "
            "automated assembly to high-throughput quantitative testing, and sets up assessment and standards "
            "systems for the nutrition and safety of bio-manufactured food. On the industrial side it seeks "
            "breakthroughs in green bio-manufacturing of chemicals, recombinant microbial synthesis of natural "
            "products, future foods, directed breeding and high-activity preparation of probiotics, biological "
            "conversion of carbon dioxide, green chemical pharmaceutics and biological green hydrogen, and "
            "moves the results into medicine, chemicals, food, materials and agriculture.",
        ),
        "focus_areas": [
            _t(
                "基因合成与存储、基因编辑、数字细胞、高通量筛选等合成生物学底层技术",
                "Core synthetic-biology technologies: gene synthesis and storage, gene editing, digital cells "
                "and high-throughput screening",
            ),
            _t("合成生物学新型设备研制", "New instruments and equipment for synthetic biology"),
            _t(
                "“智能设计—自动合成—高通量测试”闭环的工程化合成生物创制平台",
                "An engineering biofoundry that closes the loop from AI-driven design to automated assembly "
                "and high-throughput testing",
            ),
            _t("生物元件、底盘细胞等合成生物资源库", "Resource banks of biological parts and chassis cells"),
            _t(
                "生物制造食品的营养与安全性评估体系和标准体系",
                "Assessment and standards for the nutrition and safety of bio-manufactured food",
            ),
            _t("化学品绿色生物制造", "Green bio-manufacturing of chemicals"),
            _t("天然产物微生物重组合成", "Recombinant microbial synthesis of natural products"),
            _t(
                "未来食品生物制造与益生菌定向选育、高活性制备",
                "Bio-manufactured future foods; directed breeding and high-activity preparation of probiotics",
            ),
            _t("二氧化碳生物转化利用", "Biological conversion and use of carbon dioxide"),
            _t("绿色化学制药与生物制绿氢", "Green chemical pharmaceutics and biological green hydrogen"),
        ],
        "innovation_sources": [
            _TJU,
            _TIB,
            _t("国家合成生物技术创新中心", "National Technology Innovation Center for Synthetic Biology"),
            _t("合成生物学海河实验室", "Haihe Laboratory of Synthetic Biology"),
            _TUST,
            _TJAB,
        ],
        "industry_carriers": [
            _t("空港生物制造产业园", "Airport Economic Area Bio-manufacturing Industrial Park"),
            _ZONE_NANGANG,
            _ZONE_DAGANG,
        ],
        "development_zones": [_ZONE_FTZ, _ZONE_TEDA, _ZONE_DAGANG],
        "clusters": [_t("生物制造谷", "Bio-manufacturing Valley")],
        "keywords": [
            _t("合成生物学", "synthetic biology"),
            _t("生物制造", "bio-manufacturing"),
            _t("基因合成", "gene synthesis"),
            _t("DNA存储", "DNA data storage"),
            _t("基因编辑", "gene editing"),
            _t("数字细胞", "digital cell"),
            _t("高通量筛选", "high-throughput screening"),
            _t("底盘细胞", "chassis cell"),
            _t("生物元件", "biological part"),
            _t("天然产物", "natural product"),
            _t("微生物发酵", "microbial fermentation"),
            _t("酶催化", "enzyme catalysis"),
            _t("未来食品", "future food"),
            _t("益生菌", "probiotic"),
            _t("二氧化碳生物转化", "biological CO2 conversion"),
            _t("绿色生物制造", "green bio-manufacturing"),
            _t("生物制氢", "biological hydrogen production"),
        ],
    },
    {
        "slug": "cell-gene-therapy",
        "name": _t("细胞和基因治疗", "Cell and gene therapy"),
        "order": 2,
        "summary": _t(
            "从基因编辑、新型载体到细胞制备和关键耗材，打通细胞和基因治疗药物走向临床的全链条。",
            "From gene editing and new vectors to cell production and key consumables: the whole chain "
            "that brings cell and gene therapies to the clinic.",
        ),
        "introduction": _t(
            "细胞和基因治疗赛道重点突破体外基因编辑修饰系统、病毒和外泌体等新型载体、高质量源头细胞制备"
            "和规模化细胞培养等底层技术，加快新型疫苗、基因治疗、细胞治疗、核酸药物、抗体药物、ADC药物"
            "以及现代动物育种与疫病防控的研发。赛道力求让自动化封闭式细胞处理设备、功能鉴定试剂、细胞培养基、"
            "病毒纯化层析填料等整套产业材料实现自主可控，并开发拥有自主知识产权的重大传染病防治药物。"
            "同时依托类器官等技术建设细胞质量检测平台和药物临床前评价平台，打造生物样本库第三方共享服务平台"
            "和临床级、标准化细胞资源库，推动细胞和基因治疗药物进入临床应用。",
            "The cell and gene therapy track targets foundational technologies (ex vivo gene-editing and "
            "modification systems, new vectors such as viruses and exosomes, high-quality source-cell "
            "preparation and large-scale cell culture) and speeds up work on new vaccines, gene and cell "
            "therapies, nucleic-acid drugs, antibody drugs, antibody-drug conjugates, and modern animal "
            "breeding and disease control. It aims for a self-reliant supply of the industry's materials, "
            "from automated closed cell-processing equipment and functional assay reagents to cell culture "
            "media and chromatography resins for virus purification, and for drugs with proprietary "
            "intellectual property against major infectious diseases. Organoid-based platforms for cell "
            "quality testing and preclinical drug evaluation, a third-party shared biobank service and a "
            "clinical-grade, standardised cell bank are to help bring cell and gene therapies into the clinic.",
        ),
        "focus_areas": [
            _t("体外基因编辑修饰系统", "Ex vivo gene-editing and modification systems"),
            _t("病毒、外泌体等新型载体", "New vectors, including viral vectors and exosomes"),
            _t(
                "高质量源头细胞制备与规模化细胞培养",
                "High-quality source-cell preparation and large-scale cell culture",
            ),
            _t(
                "新型疫苗、基因治疗与细胞治疗",
                "New vaccines, gene therapy and cell therapy",
            ),
            _t(
                "核酸药物、抗体药物与ADC药物",
                "Nucleic-acid drugs, antibody drugs and antibody-drug conjugates (ADCs)",
            ),
            _t("现代动物育种与疫病防控", "Modern animal breeding and animal disease control"),
            _t(
                "自动化封闭式细胞处理设备、功能鉴定试剂、细胞培养基、病毒纯化层析填料的自主可控",
                "Self-reliant supply of automated closed cell-processing equipment, functional assay "
                "reagents, cell culture media and virus-purification chromatography resins",
            ),
            _t(
                "具有自主知识产权的重大传染病防治药物",
                "Drugs with proprietary IP for preventing and treating major infectious diseases",
            ),
            _t(
                "基于类器官的细胞质量检测与药物临床前评价平台",
                "Organoid-based platforms for cell quality testing and preclinical drug evaluation",
            ),
            _t(
                "生物样本库第三方共享服务平台与临床级标准化细胞资源库",
                "A third-party shared biobank service and a clinical-grade, standardised cell bank",
            ),
        ],
        "innovation_sources": [
            _IH_CAMS,
            _t("细胞产品国家工程研究中心", "National Engineering Research Center of Cell Products"),
            _t("细胞生态海河实验室", "Haihe Laboratory of Cell Ecosystem"),
            _TJU,
            _NKU,
            _TUST,
            _t("天津市细胞技术（工程）创新中心", "Tianjin Cell Technology (Engineering) Innovation Center"),
            _TJAB,
        ],
        "industry_carriers": [
            _t(
                "中国医学科学院细胞产业转化基地",
                "Chinese Academy of Medical Sciences Cell Industry Translation Base",
            ),
            _t(
                "中国（天津）自由贸易试验区联动创新示范基地",
                "China (Tianjin) Pilot Free Trade Zone Linked Innovation Demonstration Base",
            ),
            _t("国际创新疫苗产业园", "International Innovative Vaccine Industrial Park"),
            _t("核酸产业园", "Nucleic Acid Industrial Park"),
            _t("渤龙产业园", "Bolong Industrial Park"),
            _t("生物医药创新中心", "Biomedicine Innovation Center"),
        ],
        "development_zones": [_ZONE_HITECH, _ZONE_TEDA],
        "clusters": [_t("京津冀特色细胞谷", "Beijing-Tianjin-Hebei Cell Valley")],
        "keywords": [
            _t("细胞治疗", "cell therapy"),
            _t("基因治疗", "gene therapy"),
            _t("基因编辑", "gene editing"),
            _t("病毒载体", "viral vector"),
            _t("外泌体", "exosome"),
            _t("干细胞", "stem cell"),
            _t("免疫细胞治疗", "immune cell therapy"),
            _t("新型疫苗", "novel vaccine"),
            _t("核酸药物", "nucleic-acid drug"),
            _t("抗体药物", "antibody drug"),
            _t("抗体偶联药物", "antibody-drug conjugate"),
            _t("类器官", "organoid"),
            _t("细胞培养基", "cell culture medium"),
            _t("层析填料", "chromatography resin"),
            _t("生物样本库", "biobank"),
            _t("细胞资源库", "cell bank"),
            _t("临床前评价", "preclinical evaluation"),
            _t("动物疫病防控", "animal disease control"),
        ],
    },
    {
        "slug": "brain-smart-medicine",
        "name": _t("脑科学与智能医学", "Brain science and intelligent medicine"),
        "order": 3,
        "summary": _t(
            "以脑机交互与人机共融为代表，推动神经工程和人工智能在脑疾病诊疗与智能医学中的应用。",
            "Brain-computer interaction and human-machine integration, bringing neural engineering and AI "
            "to brain disorders and intelligent medicine.",
        ),
        "introduction": _t(
            "脑科学与智能医学赛道聚焦人机交互的底层核心器件和关键算法，开展人机交互、虚拟/增强现实、"
            "类脑智能、数据智能等软硬件研究，推动电极、神经电生理信号采集与处理芯片、脑机接口软件等关键技术"
            "和平台自主研发，同步推进技术共享、行业应用和标准法规建设。脑机交互与人机共融技术将用于神经科学"
            "研究和脑疾病诊疗，也将进入游戏娱乐、学习教育、智能家居等领域。赛道还将发展以人工智能为导向的"
            "类脑研究，推动脑科学启发的智能医学工程技术走向临床，研发适用于多种场景、多种疾病的智能医学"
            "自动诊断系统，加快成果转化和转移。",
            "The brain science and intelligent medicine track concentrates on the core devices and key "
            "algorithms of human-machine interaction, with hardware and software research in human-machine "
            "interaction, virtual and augmented reality, brain-inspired intelligence and data intelligence. "
            "It supports home-grown development of electrodes, chips that acquire and process "
            "neuro-electrophysiological signals, and brain-computer interface software and platforms, "
            "alongside technology sharing, industry adoption, and standards and regulation. Brain-computer "
            "interaction and human-machine integration are to serve neuroscience research and the diagnosis "
            "and treatment of brain disorders, and to reach gaming and entertainment, education and smart "
            "homes. The track also pursues AI-oriented brain-inspired research, brings brain-science-inspired "
            "intelligent medical engineering into clinical practice, and develops automated diagnosis systems "
            "that work across many settings and diseases, speeding up the transfer of results.",
        ),
        "focus_areas": [
            _t(
                "人机交互底层核心器件与关键算法",
                "Core devices and key algorithms for human-machine interaction",
            ),
            _t(
                "虚拟/增强现实、类脑智能与数据智能软硬件",
                "Hardware and software for virtual and augmented reality, brain-inspired intelligence and "
                "data intelligence",
            ),
            _t(
                "电极与神经电生理信号采集、处理芯片",
                "Electrodes and chips that acquire and process neuro-electrophysiological signals",
            ),
            _t("脑机接口软件与平台", "Brain-computer interface software and platforms"),
            _t(
                "脑机交互与人机共融在神经科学研究和脑疾病诊疗中的应用",
                "Brain-computer interaction and human-machine integration in neuroscience research and in "
                "diagnosing and treating brain disorders",
            ),
            _t(
                "脑机交互在游戏娱乐、学习教育、智能家居中的应用",
                "Brain-computer interaction for gaming and entertainment, education and smart homes",
            ),
            _t("以人工智能为导向的类脑研究", "AI-oriented brain-inspired research"),
            _t(
                "脑科学启发的智能医学工程技术临床应用",
                "Clinical use of brain-science-inspired intelligent medical engineering",
            ),
            _t(
                "多场景、多疾病智能医学自动诊断系统",
                "Automated intelligent diagnosis systems for many settings and diseases",
            ),
            _t(
                "技术共享、行业应用与标准法规体系",
                "Technology sharing, industry adoption, standards and regulation",
            ),
        ],
        "innovation_sources": [
            _t("天津大学医学部", "Tianjin University Medical School"),
            _t("国家健康医疗大数据研究院", "National Institute of Health and Medical Big Data"),
            _t(
                "脑机交互与人机共融海河实验室",
                "Haihe Laboratory of Brain-Computer Interaction and Human-Machine Integration",
            ),
            _t(
                "天津神经工程国际联合研究中心",
                "Tianjin International Joint Research Center for Neural Engineering",
            ),
            _t("天津脑科学与类脑研究中心", "Tianjin Center for Brain Science and Brain-Inspired Research"),
            _t(
                "天津市脑科学与神经工程重点实验室",
                "Tianjin Key Laboratory of Brain Science and Neural Engineering",
            ),
            _t(
                "天津市人机交互智慧医疗工程研究中心",
                "Tianjin Engineering Research Center for Human-Machine Interaction in Smart Healthcare",
            ),
            _t(
                "天津市智能人机交互康复工程技术中心",
                "Tianjin Engineering Technology Center for Intelligent Human-Machine Interaction in "
                "Rehabilitation",
            ),
            _TJ_AI,
        ],
        "industry_carriers": [_t("高新区华苑片区", "Huayuan area, Binhai Hi-tech Zone")],
        "development_zones": [_ZONE_HITECH, _ZONE_TEDA],
        "clusters": [
            _t(
                "脑科学与智能医学产业集聚区（以脑机交互与人机共融为代表）",
                "Brain Science and Intelligent Medicine Cluster (led by brain-computer interaction and "
                "human-machine integration)",
            )
        ],
        "keywords": [
            _t("脑机接口", "brain-computer interface"),
            _t("脑机交互", "brain-computer interaction"),
            _t("人机共融", "human-machine integration"),
            _t("人机交互", "human-machine interaction"),
            _t("类脑智能", "brain-inspired intelligence"),
            _t("神经工程", "neural engineering"),
            _t("神经电生理", "neuroelectrophysiology"),
            _t("脑电信号", "EEG signal"),
            _t("神经电极", "neural electrode"),
            _t("神经信号处理芯片", "neural signal processing chip"),
            _t("虚拟现实", "virtual reality"),
            _t("增强现实", "augmented reality"),
            _t("数据智能", "data intelligence"),
            _t("智能医学", "intelligent medicine"),
            _t("智能诊断", "intelligent diagnosis"),
            _t("康复工程", "rehabilitation engineering"),
            _t("脑疾病", "brain disorder"),
        ],
    },
    {
        "slug": "independent-it",
        "name": _t("自主信创", "Independent IT innovation"),
        "order": 4,
        "summary": _t(
            "以自主芯片、高性能计算和人工智能为基础，推进信息基础设施和重点行业的国产化应用。",
            "Domestic chips, high-performance computing and AI, put to work in information infrastructure "
            "and key industries.",
        ),
        "introduction": _t(
            "自主信创赛道推动计算、数据与智能深度融合，以高性能计算带动交叉学科创新，布局AI＋药物研发、"
            "AI＋新材料、AI＋交通、AI＋城市治理等应用；攻克群体智能操作系统关键技术，并在农业、应急救援、"
            "安防等行业推广。在智能网联汽车和自动驾驶方面，力争研发和测试验证取得重要突破、部分场景实现"
            "规模化应用，并在动力电池、检测认证和共性前瞻技术领域汇聚研发力量，共建产业创新生态。赛道还将"
            "发展自主计算芯片、光电子芯片、量子芯片、软件定义晶上系统和宇航级智能芯片，用于数据中心、"
            "高性能计算、智能计算、网络通信等信息基础设施和航天高端芯片领域，打造具有国际竞争力的数字产业"
            "集群，在部分场景率先实现国产化应用。",
            "The independent IT innovation track deepens the convergence of computing, data and "
            "intelligence, uses high-performance computing to drive interdisciplinary innovation, and develops "
            "applications such as AI for drug discovery, new materials, transport and urban governance. It "
            "tackles key technologies for swarm-intelligence operating systems and takes them to agriculture, "
            "emergency rescue and security. For intelligent connected vehicles and autonomous driving it seeks "
            "major breakthroughs in R&D, testing and validation, with large-scale use in some scenarios, and "
            "pools research strength in power batteries, testing and certification, and shared and "
            "forward-looking technologies to build an innovation ecosystem for the industry. The track also "
            "develops domestic computing chips, optoelectronic chips, quantum chips, software-defined "
            "systems-on-wafer and space-grade intelligent chips for data centres, high-performance and "
            "intelligent computing, network communications and high-end space electronics, aiming at an "
            "internationally competitive digital industry cluster and early domestic substitution in selected "
            "scenarios.",
        ),
        "focus_areas": [
            _t(
                "计算、数据与智能深度融合，高性能计算驱动交叉学科创新",
                "Converging computing, data and AI; high-performance computing for interdisciplinary research",
            ),
            _t(
                "AI＋药物研发、AI＋新材料、AI＋交通、AI＋城市治理",
                "AI for drug discovery, new materials, transport and urban governance",
            ),
            _t(
                "群体智能操作系统及其在农业、应急救援、安防中的应用",
                "Swarm-intelligence operating systems for agriculture, emergency rescue and security",
            ),
            _t(
                "智能网联汽车与自动驾驶研发和测试验证",
                "R&D, testing and validation for intelligent connected vehicles and autonomous driving",
            ),
            _t(
                "动力电池、检测认证及共性前瞻技术",
                "Power batteries, testing and certification, and shared forward-looking technologies",
            ),
            _t("自主计算芯片与光电子芯片", "Domestic computing chips and optoelectronic chips"),
            _t("量子芯片", "Quantum chips"),
            _t("软件定义晶上系统", "Software-defined systems-on-wafer"),
            _t("宇航级智能芯片", "Space-grade intelligent chips"),
            _t(
                "数据中心、智能计算和网络通信等信息基础设施的国产化应用",
                "Domestic technology in data centres, intelligent computing, network communications and other "
                "information infrastructure",
            ),
        ],
        "innovation_sources": [
            _t("信创海河实验室", "Haihe Laboratory of Information Technology Application Innovation"),
            _NSCC_TJ,
            _TJ_AI,
            _t("天津滨海信息技术创新中心", "Tianjin Binhai Information Technology Innovation Center"),
            _t(
                "清华大学天津电子信息研究院",
                "Tsinghua University Tianjin Electronic Information Research Institute",
            ),
            _TUST,
        ],
        "industry_carriers": [
            _t("北方大数据交易中心", "Northern Big Data Trading Center"),
            _t(
                "东疆综保区、中新天津生态城自动驾驶应用示范",
                "Autonomous-driving demonstrations in the Dongjiang zone and the Eco-city",
            ),
        ],
        "development_zones": [_ZONE_HITECH, _ZONE_TEDA, _ZONE_FTZ, _ZONE_DONGJIANG, _ZONE_ECO_CITY],
        "clusters": [
            _t("信创谷", "IT Innovation Valley"),
            _t("北方声谷", "Northern Voice Valley"),
            _t("数字谷", "Digital Valley"),
            _t("智慧交通产业集聚区", "Smart Transport Cluster"),
            _t("智慧城市产业集聚区", "Smart City Cluster"),
        ],
        "keywords": [
            _t("信创", "IT application innovation"),
            _t("国产化替代", "domestic substitution"),
            _t("高性能计算", "high-performance computing"),
            _t("超级计算", "supercomputing"),
            _t("人工智能", "artificial intelligence"),
            _t("智能计算", "intelligent computing"),
            _t("群体智能", "swarm intelligence"),
            _t("操作系统", "operating system"),
            _t("智能网联汽车", "intelligent connected vehicle"),
            _t("自动驾驶", "autonomous driving"),
            _t("计算芯片", "computing chip"),
            _t("光电子芯片", "optoelectronic chip"),
            _t("量子芯片", "quantum chip"),
            _t("晶上系统", "system-on-wafer"),
            _t("宇航级芯片", "space-grade chip"),
            _t("数据中心", "data centre"),
            _t("大数据", "big data"),
            _t("智慧城市", "smart city"),
        ],
    },
    {
        "slug": "deep-sea",
        "name": _t("深海探采", "Deep-sea exploration"),
        "order": 5,
        "summary": _t(
            "面向深水和超深水油气开发的海洋工程装备，以及深海传感、导航与通信等共性技术。",
            "Offshore engineering equipment for deep and ultra-deep-water oil and gas, plus shared "
            "technologies for deep-sea sensing, navigation and communications.",
        ),
        "introduction": _t(
            "深海探采赛道重点攻关深水半潜式生产平台、水下生产系统、深水桩基油气生产平台等深水和超深水油气"
            "勘探开发装备，建立以300米级深水油田和1500米级深水分散复杂油气田开发工程关键技术为代表的海洋"
            "深水油气工程技术体系，增强面向深海、极地等复杂地质条件的平台设计能力和高附加值海洋工程装备"
            "制造能力。与此同时，推进宽频带深海水声传感、新型海洋环境传感、声学层析反演等共性技术，促进"
            "深海结构、动力、导航、通信技术在深海装备上的集成应用。",
            "The deep-sea exploration track focuses on equipment for exploring and developing oil and gas in "
            "deep and ultra-deep water: semi-submersible production platforms, subsea production systems and "
            "pile-founded deep-water production platforms. It aims at an offshore deep-water engineering "
            "system typified by key technologies for 300-metre-class deep-water oilfields and 1,500-metre-class "
            "dispersed, complex deep-water fields, and at stronger capabilities in designing platforms for "
            "deep-sea, polar and other complex geological conditions and in building high-value offshore "
            "equipment. Shared technologies (broadband deep-sea underwater acoustic sensing, novel marine "
            "environmental sensing, and acoustic tomography and inversion) support the integration of deep-sea "
            "structures, power, navigation and communications into deep-sea equipment.",
        ),
        "focus_areas": [
            _t("深水半潜式生产平台", "Deep-water semi-submersible production platforms"),
            _t("水下生产系统", "Subsea production systems"),
            _t("深水桩基油气生产平台", "Pile-founded deep-water oil and gas production platforms"),
            _t(
                "300米级深水油田与1500米级深水分散复杂油气田开发工程技术",
                "Engineering for 300-metre-class deep-water oilfields and 1,500-metre-class dispersed, "
                "complex deep-water fields",
            ),
            _t(
                "适应深海、极地等复杂地质条件的海洋油气平台设计",
                "Offshore platform design for deep-sea, polar and other complex geological conditions",
            ),
            _t("高附加值海洋工程装备制造", "High-value offshore engineering equipment manufacturing"),
            _t("宽频带深海水声传感", "Broadband deep-sea underwater acoustic sensing"),
            _t("新型海洋环境传感", "Novel marine environmental sensing"),
            _t("声学层析反演", "Acoustic tomography and inversion"),
            _t(
                "深海结构、动力、导航、通信技术的装备集成",
                "Integrating deep-sea structures, power, navigation and communications into equipment",
            ),
        ],
        "innovation_sources": [
            _t(
                "海底管道和先进焊接制造重点实验室",
                "Key Laboratory of Subsea Pipelines and Advanced Welding Manufacturing",
            ),
            _t(
                "交通部天津水运工程科学研究院",
                "Tianjin Research Institute for Water Transport Engineering, Ministry of Transport",
            ),
            _TJ_ATRI,
            _t("天津大学滨海工业研究院", "Tianjin University Binhai Industrial Research Institute"),
            _t(
                "海洋石油工程股份有限公司国家企业技术中心",
                "National Enterprise Technology Center of Offshore Oil Engineering Co., Ltd.",
            ),
        ],
        "industry_carriers": [
            _t("海洋装备智能产业园", "Intelligent Marine Equipment Industrial Park"),
            _t("高新区海洋科技园", "Marine Science and Technology Park, Binhai Hi-tech Zone"),
        ],
        "development_zones": [_ZONE_FTZ, _ZONE_HITECH],
        "clusters": [_t("深海探采产业集聚区", "Deep-sea Exploration Cluster")],
        "keywords": [
            _t("深海探采", "deep-sea exploration"),
            _t("深水油气", "deep-water oil and gas"),
            _t("超深水", "ultra-deep water"),
            _t("半潜式生产平台", "semi-submersible production platform"),
            _t("水下生产系统", "subsea production system"),
            _t("桩基平台", "pile-founded platform"),
            _t("海洋工程装备", "offshore engineering equipment"),
            _t("海底管道", "subsea pipeline"),
            _t("先进焊接", "advanced welding"),
            _t("水声传感", "underwater acoustic sensing"),
            _t("海洋环境传感器", "marine environmental sensor"),
            _t("声学层析", "acoustic tomography"),
            _t("水下导航", "underwater navigation"),
            _t("水下通信", "underwater communication"),
            _t("极地装备", "polar equipment"),
        ],
    },
    {
        "slug": "aerospace",
        "name": _t("空天利用", "Aerospace utilisation"),
        "order": 6,
        "summary": _t(
            "依托国家重大航天工程，发展运载火箭、互联网卫星、城市空中交通和卫星应用服务。",
            "Launch vehicles, internet satellites, urban air mobility and satellite services, anchored by "
            "major national space programmes.",
        ),
        "introduction": _t(
            "空天利用赛道依托落户滨海新区的新一批国家重大工程，加快载人登月、新一代载人飞船、卫星互联网等"
            "项目的研制和成果转化，形成互联网卫星批量生产能力并完善其产业链；研制新一代载人运载火箭和可重复"
            "使用运载火箭，攻克大直径超长共底贮箱立式装配焊接、可重复使用箭体高可靠制造等关键技术。赛道还"
            "涵盖：推进城市空中交通（UAM），探索从智能航空器设计、适航到运营的“中国方案”；建设国产大飞机"
            "运维保障体系；建立高精度数字孪生地球系统，服务自然资源、生态环境和智慧城市；突破下一代卫星"
            "通信、导航、遥感融合技术，打造高精度服务系统，用于港口物流、远洋运输、海洋渔业、物联网和城市"
            "空中交通；完善通信卫星产业链，引进通信卫星服务企业，把卫星互联网服务延伸到航空、地面和海洋。",
            "Building on a new group of major national programmes located in Binhai, the aerospace "
            "utilisation track speeds up development and commercialisation for crewed lunar landing, the "
            "next-generation crewed spacecraft and the satellite-internet programme, establishing volume "
            "production of internet satellites and a fuller supply chain. It develops next-generation crewed "
            "launch vehicles and reusable rockets, mastering vertical assembly and welding of large-diameter, "
            "extra-long common-bulkhead tanks and high-reliability manufacture of reusable rocket bodies. The "
            "track also covers urban air mobility (UAM), where Binhai aims to pioneer a Chinese approach "
            "spanning intelligent aircraft design, airworthiness and operations; maintenance and support for "
            "China's domestically built large airliners; a high-precision digital-twin Earth for natural "
            "resources, the environment and smart cities; integrated next-generation satellite communication, "
            "navigation and remote sensing with high-precision services for port logistics, ocean shipping, "
            "marine fisheries, the Internet of Things and urban air mobility; and a fuller communication-"
            "satellite industry chain that brings in satellite service companies and extends satellite-internet "
            "services to aviation, land and sea.",
        ),
        "focus_areas": [
            _t(
                "载人登月工程与新一代载人飞船研制及成果转化",
                "Crewed lunar landing and the next-generation crewed spacecraft, and commercialising their results",
            ),
            _t(
                "卫星互联网工程与互联网卫星批量生产",
                "The satellite-internet programme and volume production of internet satellites",
            ),
            _t(
                "新一代载人运载火箭与可重复使用运载火箭",
                "Next-generation crewed launch vehicles and reusable launch vehicles",
            ),
            _t(
                "大直径超长共底贮箱立式装配焊接与可重复使用箭体高可靠制造",
                "Vertical assembly and welding of large-diameter, extra-long common-bulkhead tanks; "
                "high-reliability manufacture of reusable rocket bodies",
            ),
            _t(
                "城市空中交通（UAM）：智能航空器设计、适航与运营",
                "Urban air mobility (UAM): intelligent aircraft design, airworthiness and operations",
            ),
            _t(
                "国产大飞机运维保障系统",
                "Maintenance and support systems for domestically built large airliners",
            ),
            _t(
                "高精度数字孪生地球系统及其在自然资源、生态环境、智慧城市中的应用",
                "A high-precision digital-twin Earth for natural resources, the environment and smart cities",
            ),
            _t(
                "下一代卫星“通导遥”融合与高精度服务",
                "Integrated next-generation satellite communication, navigation and remote sensing with "
                "high-precision services",
            ),
            _t(
                "通信卫星产业链与面向航空、地面、海洋的卫星互联网服务",
                "The communication-satellite industry chain and satellite-internet services for aviation, land "
                "and sea",
            ),
        ],
        "innovation_sources": [
            _t("航天一院", "China Academy of Launch Vehicle Technology (CASC First Academy)"),
            _t("航天五院", "China Academy of Space Technology (CASC Fifth Academy)"),
            _t("航天十一院", "China Academy of Aerospace Aerodynamics (CASC Eleventh Academy)"),
            _t("航天机电设备研究所", "Aerospace Electromechanical Equipment Research Institute"),
            _t("中航直升机基地", "AVIC Helicopter Base"),
            _TJU,
            _CAUC,
            _t("中电科十八所", "CETC 18th Research Institute"),
            _TJ_ATRI,
        ],
        "industry_carriers": [
            _t("航天产业孵化器", "Aerospace industry incubator"),
            _t("无人机产业基地", "Drone industry base"),
            _t(
                "国产大飞机运维保障研究中心",
                "Research centre for maintenance support of domestic large airliners",
            ),
            _t("高新区渤龙湖片区", "Bolong Lake area, Binhai Hi-tech Zone"),
            _t("经开区西区", "TEDA West Zone"),
            _t("保税区临港片区", "Lingang area, Tianjin Port Free Trade Zone"),
        ],
        "development_zones": [_ZONE_HITECH, _ZONE_TEDA, _ZONE_FTZ, _ZONE_DONGJIANG],
        "clusters": [_t("航天谷", "Aerospace Valley")],
        "keywords": [
            _t("运载火箭", "launch vehicle"),
            _t("可重复使用火箭", "reusable rocket"),
            _t("载人飞船", "crewed spacecraft"),
            _t("载人登月", "crewed lunar landing"),
            _t("卫星互联网", "satellite internet"),
            _t("通信卫星", "communication satellite"),
            _t("卫星导航", "satellite navigation"),
            _t("卫星遥感", "satellite remote sensing"),
            _t("通导遥融合", "integrated communication, navigation and remote sensing"),
            _t("数字孪生地球", "digital-twin Earth"),
            _t("城市空中交通", "urban air mobility"),
            _t("无人机", "unmanned aerial vehicle"),
            _t("适航", "airworthiness"),
            _t("共底贮箱", "common-bulkhead tank"),
            _t("大飞机运维", "large-aircraft maintenance"),
            _t("商业航天", "commercial space"),
        ],
    },
    {
        "slug": "advanced-energy",
        "name": _t("先进能源", "Advanced energy"),
        "order": 7,
        "summary": _t(
            "新型电池与储能材料、氢能全链条、无线传能、可持续航空燃料和地热等清洁能源技术。",
            "New batteries and storage materials, the full hydrogen chain, wireless power transfer, "
            "sustainable aviation fuel and geothermal energy.",
        ),
        "introduction": _t(
            "先进能源赛道聚焦先进能源材料、储能材料、绿色能源技术、二氧化碳捕集利用与封存技术，以及关键器件、"
            "智能配电网、微电网和综合能源系统。重点发展砷化镓、钙钛矿、高镍三元、高电压钴酸锂等材料，攻关"
            "钠离子电池、锌固态离子电池和锂离子电池；在传能方式、效率和距离上实现无线传能与能信同传，构建"
            "低成本、高效能、网络化的新能源供给系统。氢能方面，示范光伏制氢、海水制氢等可再生能源制氢，推进"
            "高压、液化、固态金属储氢产业化和液氢规模化应用，攻关固体氧化物燃料电池、质子交换膜燃料电池系统"
            "及关键零部件，推动氢能车辆和船舶示范。此外，推动可持续航空燃料（SAF）产业化，发展地热资源清洁"
            "开发与储能利用技术，并在清洁能源和工业制造中示范应用。",
            "The advanced energy track covers advanced energy materials, energy-storage materials, green "
            "energy technologies, carbon capture, utilisation and storage (CCUS), and key devices, smart "
            "distribution grids, microgrids and integrated energy systems. Priorities include gallium "
            "arsenide, perovskite, high-nickel ternary and high-voltage lithium cobalt oxide materials, and "
            "R&D on sodium-ion, solid-state zinc-ion and lithium-ion batteries. Wireless power transfer and "
            "simultaneous transfer of power and information are to advance in method, efficiency and range, "
            "towards a low-cost, high-efficiency, networked supply of new energy. For hydrogen, the plan calls "
            "for demonstrations of renewable hydrogen from photovoltaics and seawater, industrial-scale "
            "high-pressure, liquefied and solid metal-hydride storage, large-scale use of liquid hydrogen, work "
            "on solid-oxide and proton-exchange-membrane fuel-cell systems and components, and demonstrations "
            "of hydrogen vehicles and ships. It also supports industrial production of sustainable aviation "
            "fuel (SAF) and clean geothermal development and storage, with demonstrations in clean energy and "
            "manufacturing.",
        ),
        "focus_areas": [
            _t(
                "先进能源材料：砷化镓、钙钛矿等",
                "Advanced energy materials such as gallium arsenide and perovskites",
            ),
            _t(
                "储能材料：高镍三元、高电压钴酸锂等",
                "Energy-storage materials such as high-nickel ternary and high-voltage lithium cobalt oxide",
            ),
            _t(
                "钠离子电池、锌固态离子电池与锂离子电池",
                "Sodium-ion, solid-state zinc-ion and lithium-ion batteries",
            ),
            _t(
                "无线传能与能信同传",
                "Wireless power transfer and simultaneous transfer of power and information",
            ),
            _t("二氧化碳捕集利用与封存", "Carbon capture, utilisation and storage (CCUS)"),
            _t(
                "关键器件、智能配电网、微电网与综合能源系统",
                "Key devices, smart distribution grids, microgrids and integrated energy systems",
            ),
            _t(
                "光伏制氢、海水制氢与高压、液化、固态金属储氢",
                "Hydrogen from photovoltaics and seawater; high-pressure, liquefied and solid metal-hydride "
                "storage",
            ),
            _t(
                "固体氧化物与质子交换膜燃料电池、液氢应用及氢能车船",
                "Solid-oxide and proton-exchange-membrane fuel cells, liquid hydrogen, hydrogen vehicles and "
                "ships",
            ),
            _t("可持续航空燃料（SAF）产业化", "Industrial production of sustainable aviation fuel (SAF)"),
            _t("地热资源清洁开发与储能利用", "Clean geothermal development and geothermal energy storage"),
        ],
        "innovation_sources": [
            _t("中国电子科技集团", "China Electronics Technology Group Corporation (CETC)"),
            _t("中国诚通集团", "China Chengtong Holdings Group"),
            _t("中国汽车技术研究中心", "China Automotive Technology and Research Center"),
            _TJU,
            _NKU,
            _CAUC,
            _TJUT,
            _TUST,
            _t("中环先进材料研究院", "Zhonghuan Advanced Materials Research Institute"),
        ],
        "industry_carriers": [
            _t("高端新能源产业园", "High-end New Energy Industrial Park"),
            _t("氢能产业园", "Hydrogen Energy Industrial Park"),
        ],
        "development_zones": [_ZONE_HITECH, _ZONE_FTZ],
        "clusters": [_t("先进能源产业集聚区", "Advanced Energy Cluster")],
        "keywords": [
            _t("钠离子电池", "sodium-ion battery"),
            _t("锂离子电池", "lithium-ion battery"),
            _t("固态电池", "solid-state battery"),
            _t("锌离子电池", "zinc-ion battery"),
            _t("正极材料", "cathode material"),
            _t("高镍三元", "high-nickel ternary"),
            _t("钴酸锂", "lithium cobalt oxide"),
            _t("钙钛矿", "perovskite"),
            _t("砷化镓", "gallium arsenide"),
            _t("储能", "energy storage"),
            _t("光伏", "photovoltaics"),
            _t("制氢", "hydrogen production"),
            _t("储氢", "hydrogen storage"),
            _t("液氢", "liquid hydrogen"),
            _t("燃料电池", "fuel cell"),
            _t("无线传能", "wireless power transfer"),
            _t("微电网", "microgrid"),
            _t("碳捕集利用与封存", "carbon capture, utilisation and storage"),
            _t("可持续航空燃料", "sustainable aviation fuel"),
            _t("地热能", "geothermal energy"),
        ],
    },
    {
        "slug": "new-materials",
        "name": _t("新型材料", "New materials"),
        "order": 8,
        "summary": _t(
            "高端聚烯烃与工程塑料等石化新材料，以及衬底、电子化学品和显示材料等半导体材料。",
            "Advanced polyolefins and engineering plastics, plus semiconductor substrates, electronic "
            "chemicals and display materials.",
        ),
        "introduction": _t(
            "新型材料赛道分为两条主线。石化新材料方面，突破茂金属等新型聚烯烃催化剂制备和溶液聚合工艺等"
            "核心技术，发展聚丁烯-1等特种弹性体、高端牌号聚烯烃和超高分子量聚乙烯等热塑性工程塑料等特种"
            "烯烃衍生物，加快高性能聚碳酸酯、聚酰胺、聚甲醛和特种工程塑料的产业化，推动其在航空航天、电子"
            "和环保领域应用。半导体材料方面，加速碳化硅、砷化镓、磷化铟衬底材料和宽禁带半导体工艺及智能装备"
            "的研发与产业化，研发电子特气、有机氟、OLED和TFT-LCD显示材料、纳米触控膜，突破光刻胶及相关"
            "化学品、宽禁带半导体材料和高端氟化工，建设新型半导体材料先进研发制造基地。",
            "The new materials track has two strands. In petrochemical materials it seeks breakthroughs in "
            "metallocene and other new polyolefin catalysts and in solution polymerisation, developing "
            "specialty olefin derivatives such as polybutene-1 and other specialty elastomers, high-end "
            "polyolefin grades and thermoplastic engineering plastics like ultra-high-molecular-weight "
            "polyethylene, and bringing high-performance polycarbonate, polyamide, polyoxymethylene and "
            "specialty engineering plastics into production for aerospace, electronics and environmental uses. "
            "In semiconductor materials it accelerates R&D and production of silicon carbide, gallium arsenide "
            "and indium phosphide substrates and of wide-bandgap semiconductor processes and smart equipment; "
            "develops electronic specialty gases, organofluorine compounds, OLED and TFT-LCD display materials "
            "and nano touch films; and targets photoresists and related chemicals, wide-bandgap semiconductor "
            "materials and high-end fluorochemicals, building an advanced base for the R&D and manufacture of "
            "new semiconductor materials.",
        ),
        "focus_areas": [
            _t(
                "茂金属等新型聚烯烃催化剂与溶液聚合工艺",
                "Metallocene and other new polyolefin catalysts; solution polymerisation",
            ),
            _t(
                "聚丁烯-1等特种弹性体与高端牌号聚烯烃",
                "Polybutene-1 and other specialty elastomers; high-end polyolefin grades",
            ),
            _t(
                "超高分子量聚乙烯等热塑性工程塑料",
                "Ultra-high-molecular-weight polyethylene and other thermoplastic engineering plastics",
            ),
            _t(
                "高性能聚碳酸酯、聚酰胺、聚甲醛与特种工程塑料",
                "High-performance polycarbonate, polyamide, polyoxymethylene and specialty engineering plastics",
            ),
            _t(
                "碳化硅、砷化镓、磷化铟衬底材料",
                "Silicon carbide, gallium arsenide and indium phosphide substrates",
            ),
            _t("宽禁带半导体工艺与智能装备", "Wide-bandgap semiconductor processes and smart equipment"),
            _t("电子特气与有机氟", "Electronic specialty gases and organofluorine compounds"),
            _t(
                "OLED、TFT-LCD显示材料与纳米触控膜",
                "OLED and TFT-LCD display materials; nano touch films",
            ),
            _t("光刻胶及相关化学品", "Photoresists and related chemicals"),
            _t("高端氟化工", "High-end fluorochemicals"),
        ],
        "innovation_sources": [
            _t(
                "中石化北京化工研究院天津科学试验基地",
                "Tianjin Scientific Test Base of the Sinopec Beijing Research Institute of Chemical Industry",
            ),
            _t(
                "生物源纤维制备技术国家重点实验室",
                "State Key Laboratory of Bio-based Fiber Manufacturing Technology",
            ),
            _t("中国石化光电材料联合研发中心", "Sinopec Optoelectronic Materials Joint R&D Center"),
        ],
        "industry_carriers": [
            _t(
                "聚烯烃中试基地（南港工业区、大港石化园区）",
                "Polyolefin pilot-scale base (Nangang and Dagang)",
            ),
            _t(
                "高端防护轻纺新材料研发转化基地",
                "R&D and translation base for high-end protective textile materials",
            ),
            _t("天津中环高端半导体产业园", "Tianjin Zhonghuan High-end Semiconductor Industrial Park"),
        ],
        "development_zones": [_ZONE_TEDA, _ZONE_HITECH],
        "clusters": [
            _t("石化新材料产业集聚区", "Petrochemical New Materials Cluster"),
            _t("高端半导体材料产业集聚区", "High-end Semiconductor Materials Cluster"),
        ],
        "keywords": [
            _t("聚烯烃", "polyolefin"),
            _t("茂金属催化剂", "metallocene catalyst"),
            _t("溶液聚合", "solution polymerisation"),
            _t("特种弹性体", "specialty elastomer"),
            _t("聚丁烯-1", "polybutene-1"),
            _t("超高分子量聚乙烯", "ultra-high-molecular-weight polyethylene"),
            _t("工程塑料", "engineering plastic"),
            _t("聚碳酸酯", "polycarbonate"),
            _t("聚酰胺", "polyamide"),
            _t("聚甲醛", "polyoxymethylene"),
            _t("碳化硅", "silicon carbide"),
            _t("磷化铟", "indium phosphide"),
            _t("宽禁带半导体", "wide-bandgap semiconductor"),
            _t("电子特气", "electronic specialty gas"),
            _t("光刻胶", "photoresist"),
            _t("有机氟", "organofluorine"),
            _t("OLED显示材料", "OLED display material"),
            _t("纳米触控膜", "nano touch film"),
        ],
    },
]

TRACK_SLUGS = tuple(track["slug"] for track in TRACKS)


# ---------------------------------------------------------------------------------------------
# The plan itself, condensed section by section.
# ---------------------------------------------------------------------------------------------

_RESPONSIBLE = "责任单位："

PLAN = {
    "title": _t(
        "滨海新区培育新赛道 打造未来产业创新高地行动方案",
        "Binhai New Area Action Plan for Cultivating New Tracks and Building a Highland of "
        "Future-Industry Innovation",
    ),
    "issuer": _t(
        "天津市滨海新区人民政府办公室",
        "General Office of the People's Government of Binhai New Area, Tianjin",
    ),
    "date": "2023-07-06",
    "document_number": "",
    "summary": _t(
        "方案提出在生物制造、细胞和基因治疗、脑科学与智能医学、自主信创、深海探采、空天利用、先进能源和"
        "新型材料八条新赛道上布局未来产业，到2025年布局建设10个未来产业集聚区、50个典型应用场景和100个"
        "发展平台与龙头骨干企业，到2030年跻身全国第一梯队。方案为每条赛道明确了创新源头、产业载体和"
        "所在开发区，并通过科研攻关、场景驱动、产业强链、金融赋能、人才支撑五大工程推进落实。",
        "The plan sets out eight new tracks for Binhai's future industries: bio-manufacturing, cell and "
        "gene therapy, brain science and intelligent medicine, independent IT innovation, deep-sea "
        "exploration, aerospace utilisation, advanced energy and new materials. By 2025 it aims for 10 "
        "future-industry clusters, 50 typical application scenarios and 100 development platforms and "
        "leading enterprises, and by 2030 for a place in the national first tier. For each track it names "
        "the innovation sources, industrial carriers and development zones, and it delivers through five "
        "key projects: research breakthroughs, application scenarios, stronger industry chains, finance "
        "and talent.",
    ),
    "sections": [
        {
            "heading": _t("一、总体要求", "1. Overall requirements"),
            "paragraphs": [
                _t(
                    "方案着眼于深入实施创新驱动发展战略、实现高水平科技自立自强，旨在开辟新领域、新赛道，"
                    "培育发展新动能和新优势，构建面向未来的现代化产业体系，助力滨海新区建成生态、智慧、"
                    "港产城融合，宜居宜业宜乐宜游的美丽滨海新城。",
                    "The plan is designed to advance the innovation-driven development strategy and high-level "
                    "self-reliance in science and technology: to open up new fields and new tracks, create "
                    "fresh drivers and advantages for growth, and build a modern industrial system geared to "
                    "the future. It supports Binhai's ambition to become an ecological, smart coastal city "
                    "where port, industry and urban life are integrated, and which is a good place to live, "
                    "work, relax and visit.",
                ),
                _t(
                    "方案以习近平新时代中国特色社会主义思想为指导，贯彻党的二十大精神，落实习近平总书记对"
                    "天津工作提出的“三个着力”重要要求，把科技创新放在发展全局的核心位置，把科技作为第一生产力、人才作为第一资源、"
                    "创新作为第一动力。",
                    "Guided by Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era and "
                    "the spirit of the 20th National Congress of the Communist Party of China, and following "
                    'General Secretary Xi Jinping\'s "three focuses" requirements for Tianjin, the plan puts '
                    "scientific and technological innovation at the core of overall development, treating "
                    "science and technology as the primary productive force, talent as the primary resource "
                    "and innovation as the primary driver.",
                ),
                _t(
                    "新区将围绕国家重大战略需求，争取国家重大生产力在新区布局，统筹推动科技与产业融合，"
                    "坚持创新立区、以用为立，培育新的经济增长点，目标是建成国内领先、国际一流的未来产业"
                    "创新高地。",
                    "Binhai will focus on major national strategic needs, seek to host major national "
                    "productive capacity, and integrate science with industry. Holding to the principles that "
                    "innovation builds the district and that application comes first, it will grow new "
                    "sources of economic growth, aiming to become a nationally leading, world-class highland "
                    "of future-industry innovation.",
                ),
            ],
        },
        {
            "heading": _t("二、发展目标", "2. Goals"),
            "paragraphs": [
                _t(
                    "到2025年，围绕生物制造、细胞和基因治疗、脑科学与智能医学、自主信创等领域布局建设10个未来"
                    "产业集聚区，打造50个未来技术典型应用场景，培育100个未来产业发展平台和龙头骨干企业。",
                    "By 2025, Binhai aims to build 10 future-industry clusters in fields such as "
                    "bio-manufacturing, cell and gene therapy, brain science and intelligent medicine, and "
                    "independent IT innovation; to create 50 typical application scenarios for future "
                    "technologies; and to cultivate 100 future-industry development platforms and leading "
                    "enterprises.",
                ),
                _t(
                    "在此期间，新区期望产出一批有显著影响的硬核成果，涌现一批领军人才，未来产业产值明显跃升。",
                    "Over the same period it expects a group of influential breakthrough results and leading "
                    "talent to emerge, and the output of future industries to grow substantially.",
                ),
                _t(
                    "到2030年，新区未来产业的竞争优势、示范带动能力和发展水平进入全国第一梯队。",
                    "By 2030, Binhai's future industries are to rank in the national first tier for "
                    "competitiveness, demonstration and leadership, and overall level of development.",
                ),
            ],
        },
        {
            "heading": _t("三、发展重点：八条新赛道", "3. Development priorities: the eight new tracks"),
            "paragraphs": [track["introduction"] for track in TRACKS],
        },
        {
            "heading": _t("四、空间布局", "4. Spatial layout"),
            "paragraphs": [
                _t(
                    "方案依据《天津市工业布局规划（2022-2035年）》、滨海新区“十四五”规划纲要和滨海新区科技"
                    "创新“十四五”规划，坚持突出优势、错位发展，为每条赛道明确主攻方向、创新源头、产业载体和"
                    "所在开发区。",
                    "Drawing on the Tianjin Industrial Layout Plan (2022-2035), Binhai's 14th Five-Year Plan "
                    "outline and its 14th Five-Year Plan for science and technology innovation, the plan plays "
                    "to each area's strengths and avoids duplication, assigning every track its main "
                    "direction, innovation sources, industrial carriers and development zones.",
                ),
                _t(
                    "生物制造：以天津大学、中科院天津工业生物技术研究所、国家合成生物技术创新中心、合成生物学"
                    "海河实验室、天津科技大学、天津国际生物医药联合研究院等为创新源头，依托空港生物制造产业园、"
                    "南港工业区和大港石化产业园区，打造生物制造谷（保税区、经开区、大港石化产业园区）。",
                    "Bio-manufacturing: Tianjin University, the CAS Tianjin Institute of Industrial "
                    "Biotechnology, the National Technology Innovation Center for Synthetic Biology, the Haihe "
                    "Laboratory of Synthetic Biology, Tianjin University of Science and Technology and the "
                    "Tianjin International Joint Academy of Biomedicine supply the science; the Airport "
                    "Economic Area bio-manufacturing park, the Nangang Industrial Zone and the Dagang "
                    "Petrochemical Industrial Park carry the industry, forming the Bio-manufacturing Valley "
                    "(Bonded Zone, TEDA, Dagang).",
                ),
                _t(
                    "细胞和基因治疗：以中国医学科学院血液学研究所（血液病医院）、细胞产品国家工程研究中心、"
                    "细胞生态海河实验室、天津大学、南开大学、天津科技大学等为创新源头，以中国医学科学院细胞"
                    "产业转化基地、自贸试验区联动创新示范基地、国际创新疫苗产业园、核酸产业园、渤龙产业园、"
                    "生物医药创新中心等为载体，打造京津冀特色细胞谷（高新区、经开区）。",
                    "Cell and gene therapy: the CAMS Institute of Hematology & Blood Diseases Hospital, the "
                    "National Engineering Research Center of Cell Products, the Haihe Laboratory of Cell "
                    "Ecosystem, Tianjin University, Nankai University, Tianjin University of Science and "
                    "Technology and others supply the science; the CAMS cell industry translation base, the "
                    "free trade zone's linked innovation base, the vaccine and nucleic-acid parks, Bolong "
                    "Industrial Park and the Biomedicine Innovation Center carry the industry, forming the "
                    "Beijing-Tianjin-Hebei Cell Valley (Hi-tech Zone, TEDA).",
                ),
                _t(
                    "脑科学与智能医学：汇聚天津大学医学部、国家健康医疗大数据研究院、脑机交互与人机共融海河"
                    "实验室、天津脑科学与类脑研究中心等创新源头，整合全市神经科学创新资源和临床资源，在高新区"
                    "华苑片区打造以脑机交互与人机共融为代表的产业集聚区（高新区、经开区）。",
                    "Brain science and intelligent medicine: Tianjin University Medical School, the National "
                    "Institute of Health and Medical Big Data, the Haihe Laboratory of Brain-Computer "
                    "Interaction and Human-Machine Integration, the Tianjin Center for Brain Science and "
                    "Brain-Inspired Research and others are combined with the city's neuroscience and clinical "
                    "resources in a cluster in the Huayuan area of the Hi-tech Zone, led by brain-computer "
                    "interaction and human-machine integration (Hi-tech Zone, TEDA).",
                ),
                _t(
                    "自主信创：以信创海河实验室、国家超级计算天津中心、天津（滨海）人工智能创新中心等为创新"
                    "源头，在教育、金融等关键行业推广国产化应用，借助北方大数据交易中心，在高新区、经开区、"
                    "保税区打造信创谷、北方声谷、数字谷，在东疆综保区和中新天津生态城打造以自动驾驶应用示范"
                    "为代表的智慧交通和智慧城市产业集聚区（各开发区）。",
                    "Independent IT innovation: the Haihe Laboratory of Information Technology Application "
                    "Innovation, the National Supercomputer Center in Tianjin, the Tianjin (Binhai) AI "
                    "Innovation Center and others lead; domestic technology is promoted in key sectors such as "
                    "education and finance, and with the help of the Northern Big Data Trading Center the Hi-tech "
                    "Zone, TEDA and the Bonded Zone host the IT Innovation Valley, Northern Voice Valley and "
                    "Digital Valley, while Dongjiang and the Eco-city host smart-transport and smart-city "
                    "clusters built around autonomous-driving demonstrations (all development zones).",
                ),
                _t(
                    "深海探采：以海底管道和先进焊接制造重点实验室、交通部天津水运工程科学研究院、天津先进技术"
                    "研究院、天津大学滨海工业研究院和海油工程国家企业技术中心等为创新源头，重点建设海洋装备"
                    "智能产业园和高新区海洋科技园（保税区、高新区）。",
                    "Deep-sea exploration: the Key Laboratory of Subsea Pipelines and Advanced Welding "
                    "Manufacturing, the Tianjin Research Institute for Water Transport Engineering, the Tianjin "
                    "Advanced Technology Research Institute, the Tianjin University Binhai Industrial Research "
                    "Institute and the national enterprise technology centre of Offshore Oil Engineering lead, "
                    "with an intelligent marine equipment park and the Hi-tech Zone's marine science park as "
                    "carriers (Bonded Zone, Hi-tech Zone).",
                ),
                _t(
                    "空天利用：以航天一院、五院、十一院、中国民航大学、中电科十八所等为创新源头，在高新区"
                    "渤龙湖片区、经开区西区和保税区临港片区建设航天产业孵化器、无人机产业基地和国产大飞机运维"
                    "保障研究中心，并与信创、能源、材料、脑科学等赛道交叉协同，做强商用卫星和航天"
                    "应用产业链，打造航天谷；并以飞机船舶租赁产业为基础，在东疆布局通信卫星服务资源（高新区、"
                    "经开区、保税区、东疆综保区）。",
                    "Aerospace utilisation: the CASC First, Fifth and Eleventh Academies, the Civil Aviation "
                    "University of China, CETC's 18th Institute and others lead; an aerospace incubator, a drone "
                    "industry base and a research centre for maintaining domestic large airliners are planned "
                    "for the Bolong Lake area, TEDA West and the Bonded Zone's Lingang area. Working across IT, "
                    "energy, materials and brain science, they will strengthen the commercial-satellite and "
                    "space-application chains in an Aerospace Valley, while Dongjiang builds on its aircraft and "
                    "ship leasing industry to attract communication-satellite services (Hi-tech Zone, TEDA, "
                    "Bonded Zone, Dongjiang).",
                ),
                _t(
                    "先进能源：以中国电子科技集团、中国诚通集团、中国汽车技术研究中心和天津大学、南开大学、"
                    "中国民航大学、天津理工大学、天津科技大学、中环先进材料研究院等为创新源头，建设高端新能源"
                    "产业园和氢能产业园（高新区、保税区）。",
                    "Advanced energy: CETC, China Chengtong, the China Automotive Technology and Research "
                    "Center, Tianjin University, Nankai University, the Civil Aviation University of China, "
                    "Tianjin University of Technology, Tianjin University of Science and Technology and the "
                    "Zhonghuan Advanced Materials Research Institute lead, with a high-end new-energy park and "
                    "a hydrogen energy park as carriers (Hi-tech Zone, Bonded Zone).",
                ),
                _t(
                    "新型材料：依托中石化北京化工研究院天津科学试验基地和生物源纤维制备技术国家重点实验室，"
                    "在南港工业区、大港石化园区规划建设体量全球最大、研究领域最全的聚烯烃中试基地和高端防护"
                    "轻纺新材料研发转化基地，形成石化新材料集聚区；以天津中环高端半导体产业园为载体、依托"
                    "中国石化光电材料联合研发中心，形成高端半导体材料集聚区（经开区、高新区）。",
                    "New materials: building on Sinopec's Beijing Research Institute of Chemical Industry test "
                    "base in Tianjin and the State Key Laboratory of Bio-based Fiber Manufacturing Technology, "
                    "Nangang and Dagang are to host what the plan intends as the world's largest and most "
                    "comprehensive polyolefin pilot-scale base, plus an R&D and translation base for "
                    "high-end protective textile materials, forming a petrochemical new-materials cluster; the "
                    "Tianjin Zhonghuan semiconductor park and the Sinopec optoelectronic materials R&D centre "
                    "anchor a high-end semiconductor materials cluster (TEDA, Hi-tech Zone).",
                ),
            ],
        },
        {
            "heading": _t("五、重点任务：五大工程", "5. Key tasks: the five projects"),
            "paragraphs": [
                _t(
                    "方案着眼于全过程创新生态链，构建以企业为主体、高校院所引领、政府引导的创新机制，组织"
                    "实施科研攻关、场景驱动、产业强链、金融赋能、人才支撑五大工程，促使创新资源向未来产业"
                    "汇聚，推动创新链、产业链、资金链和人才链深度融合。",
                    "Looking at the innovation ecosystem as a whole chain, the plan builds a mechanism in which "
                    "companies are the main actors, universities and institutes lead and government guides. It "
                    "runs five projects (research breakthroughs, application scenarios, stronger industry "
                    "chains, finance and talent) to draw innovation resources into future industries and knit "
                    "together the chains of innovation, industry, capital and talent.",
                ),
            ],
        },
        {
            "heading": _t("（一）科研攻关突破工程", "5.1 Research breakthrough project"),
            "paragraphs": [
                _t(
                    "紧跟世界科技前沿，大力开展基础研究和应用基础研究，布局国家战略科技力量，建设一批新体制的"
                    "国家级重大创新平台，鼓励其围绕产业需求开展技术攻关，为产业提供源头供给，增强从“0到1”的"
                    "原始创新能力。",
                    "Keeping pace with the global frontier, Binhai will invest heavily in basic and applied "
                    "basic research, host national strategic science capabilities, and build major national "
                    "innovation platforms run on new institutional models, encouraging them to tackle problems "
                    "defined by industry, so as to supply technology at the source and strengthen original, "
                    "zero-to-one innovation.",
                ),
                _t(
                    "探索“国家—市—区—开发区”协同创新的“滨城”路径，主动承接国家和天津市的重大项目，"
                    "形成“需求方出题、科技界答题”的创新机制。争取天津大学、南开大学等在新区建设未来产业学科交叉"
                    "中心，鼓励高校筹建未来技术学院，引导行业骨干企业与高校院所组建未来产业创新联合体。",
                    "It will explore a Binhai model of coordinated innovation across national, municipal, "
                    "district and development-zone levels, take on major national and Tianjin projects, and "
                    "set up a mechanism in which the demand side sets the questions and the scientific "
                    "community answers them. It will seek to have Tianjin University, Nankai University and "
                    "others build interdisciplinary centres for future industries in Binhai, encourage "
                    "universities to plan schools of future technology, and guide leading companies to form "
                    "future-industry innovation consortia with universities and research institutes.",
                ),
                _t(
                    "推动天津中心城区与滨海新区“津滨”双城建立跨区联动、资源共享机制，统筹未来产业资源跨区域"
                    "对接；搭建未来产业合作交流平台，汇聚国内外创新资源。"
                    + _RESPONSIBLE
                    + "区科技局、区工业和信息化局、区发展改革委、区教体局。",
                    "Tianjin's central city and Binhai, the two cities of the municipality, will set up "
                    "cross-district coordination and resource sharing to match future-industry resources "
                    "across the region, and a cooperation and exchange platform will draw in innovation "
                    "resources from China and abroad. Responsible units: the district bureaus of science and "
                    "technology, industry and information technology, and education and sports, and the "
                    "district development and reform commission.",
                ),
            ],
        },
        {
            "heading": _t("（二）应用场景驱动工程", "5.2 Application scenario project"),
            "paragraphs": [
                _t(
                    "用好全市高校科技资源，建立校企握手通道，打通“技术催生新需求”和“需求引导新技术”的双向"
                    "路径，面向企业生产、城市建设管理和民生服务，开放一批可共享的重大应用场景，支持新技术、"
                    "新产品示范应用，让城市发展需求成为充满活力的技术孵化器。",
                    "Drawing on the science and technology of the city's universities, Binhai will open direct "
                    "channels between universities and companies so that technology can create new demand and "
                    "demand can guide new technology. It will open major shared application scenarios in "
                    "industrial production, urban construction and management, and public services, support "
                    "demonstrations of new technologies and products, and turn the city's own needs into a "
                    "lively incubator for technology.",
                ),
                _t(
                    "建设一批覆盖研究开发、中试验证到场景应用全链条的未来产业验证中心，推动未来技术在具体场景"
                    "和行业中得到应用和有效验证，加快其市场化进程。",
                    "Future-industry verification centres will cover the whole chain from R&D and pilot-scale "
                    "verification to use in real scenarios, so that future technologies are applied and "
                    "properly validated in specific settings and industries and reach the market faster.",
                ),
                _t(
                    "进一步完善“数字化科技成果转化服务与交易中心”，建设“永不落幕的科技成果常态化路演平台”，"
                    "壮大技术转移机构和人才队伍、织密技术转移网络，常态化开展未来技术和产品的需求征集、发布、"
                    "对接、评价和交易；向市财政局推荐创新产品，并协调将其及时纳入政府采购目录。",
                    "It will strengthen the digital technology-transfer service and trading centre, create a "
                    "never-ending platform for continuous technology roadshows, grow technology-transfer "
                    "agencies and professionals into a transfer network, and run a continuous cycle of "
                    "collecting, publishing, matching, evaluating and trading demands for future technologies "
                    "and products. Innovation products will be recommended to the Municipal Finance Bureau, "
                    "which is to be asked to add them promptly to the government procurement catalogue.",
                ),
                _t(
                    _RESPONSIBLE
                    + "区科技局、区工业和信息化局、区发展改革委、区教体局、区财政局，以及能够提供"
                    "公共服务应用场景的相关单位。",
                    "Responsible units: the district bureaus of science and technology, industry and "
                    "information technology, education and sports, and finance, the district development and "
                    "reform commission, and every body able to offer public-service application scenarios.",
                ),
            ],
        },
        {
            "heading": _t("（三）未来产业强链工程", "5.3 Industry chain project"),
            "paragraphs": [
                _t(
                    "以建链、延链、补链、强链为抓手，依托未来产业链打造上下游互为应用场景的产业集群，再以产业"
                    "集群为基础建设有主题、有特色的园区，推动未来产业集群化发展。",
                    "By building, extending, filling and strengthening industry chains, Binhai will form "
                    "clusters in which upstream and downstream firms serve as application scenarios for each "
                    "other, and on that basis develop themed parks with a clear identity, so that future "
                    "industries grow as clusters.",
                ),
                _t(
                    "发挥京津冀协同发展的战略优势，积极承接以北京为主的科技成果转化，建设北京龙头企业和重大成果"
                    "的研发转化基地；引进和培育未来产业的头部企业与标杆企业，借助技术集成、资源整合和资本运作，"
                    "带动产业链上下游以及大中小企业协同发展。"
                    + _RESPONSIBLE
                    + "区发展改革委、区工业和信息化局、区科技局。",
                    "Using the coordinated development of Beijing, Tianjin and Hebei, Binhai will take on the "
                    "commercialisation of research results, above all from Beijing, and become an R&D and "
                    "production base for Beijing's leading companies and major results. It will attract and "
                    "grow leading and benchmark companies in future industries and, through technology "
                    "integration, pooled resources and capital operations, link firms of every size along the "
                    "chain. Responsible units: the district development and reform commission and the district "
                    "bureaus of industry and information technology and of science and technology.",
                ),
            ],
        },
        {
            "heading": _t("（四）多元金融赋能工程", "5.4 Finance project"),
            "paragraphs": [
                _t(
                    "发挥天津市天使母基金和滨海产业发展基金的作用，支持新赛道和未来产业多元发展；探索设立滨海"
                    "新区科技成果转化母基金，布局概念验证基金、中试基金和科技成果转化基金，分阶段加速成果"
                    "产业化，引导社会资本投向未来产业科技创新项目。",
                    "The Tianjin angel fund of funds and the Binhai industrial development fund will back the "
                    "diversified growth of new tracks and future industries. Binhai will explore a district "
                    "fund of funds for technology transfer, together with proof-of-concept, pilot-scale and "
                    "technology-transfer funds that speed up commercialisation stage by stage, and steer private "
                    "capital towards future-industry innovation projects.",
                ),
                _t(
                    "鼓励金融机构针对未来产业的特点，开发知识产权质押融资、融资担保、融资租赁和科技保险等新型"
                    "金融产品与服务。" + _RESPONSIBLE + "区金融局、区发展改革委、区市场监管局、区科技局。",
                    "Financial institutions are encouraged to design products suited to future industries, "
                    "such as IP-pledge loans, financing guarantees, financial leasing and technology insurance. "
                    "Responsible units: the district financial affairs bureau, development and reform "
                    "commission, market regulation bureau and science and technology bureau.",
                ),
            ],
        },
        {
            "heading": _t("（五）创新人才支撑工程", "5.5 Talent project"),
            "paragraphs": [
                _t(
                    "依靠天津大学、南开大学、天津科技大学等高校，试行“学校＋龙头企业”“学校＋未来产业”"
                    "模式，推进新工科、新医科建设，面向未来产业引进和培育各类创新人才；依托国家重点实验室、"
                    "海河实验室等平台，培养和用好战略科学家。",
                    "Tianjin University, Nankai University, Tianjin University of Science and Technology and "
                    'other universities will try out partnerships of "university plus leading company" and '
                    '"university plus future industry", develop new engineering and new medical disciplines, '
                    "and attract and train innovators for future industries; national key laboratories, the "
                    "Haihe Laboratories and similar platforms will develop and deploy strategic scientists.",
                ),
                _t(
                    "推动教育、科技、人才一体融合，举办创新企业家和创新人才创业创新大赛，深化产创融合和产教"
                    "融合，组织实施面向高层次产业人才、创新领军人才和青年创新人才的人才项目，加大对企业骨干人才的支持，"
                    "推动新区人才入选国家和天津市重点人才项目。",
                    "Education, science and talent policy will be joined up: Binhai will hold entrepreneurship "
                    "and innovation competitions for entrepreneurs and innovators, tie industry more closely to "
                    "innovation and to education, run programmes for senior industry talent, leading "
                    "innovators and young innovators, give more support to key company staff, and help local "
                    "talent win places in national and Tianjin talent programmes.",
                ),
                _t(
                    "探索在新型研发机构建立以创新价值、能力和贡献为导向的人才评价体系；加强国际交流，举办有"
                    "影响力的国内外学术和产业高端论坛，吸引更多人才。"
                    + _RESPONSIBLE
                    + "区委人才办、区人社局、区科技局、区教体局。",
                    "New-type R&D institutions will try evaluation systems based on the value, ability and "
                    "contribution of innovation, and international exchange and high-level academic and "
                    "industry forums will help attract talent. Responsible units: the district talent office, "
                    "the district human resources and social security bureau, the science and technology "
                    "bureau and the education and sports bureau.",
                ),
            ],
        },
        {
            "heading": _t("六、保障措施", "6. Safeguards"),
            "paragraphs": [
                _t(
                    "组织领导：发挥滨海新区推动自主创新工作领导小组的统筹协调作用；对未来产业集群实行“区级"
                    "职能部门＋开发区”双组长制，协调解决跨区域、跨领域、跨部门的重大问题；形成“行动方案＋"
                    "指标体系＋年度工作要点＋专家智库”的全链条推进模式，完善市区联动和部门协同。",
                    "Leadership: Binhai's leading group for independent innovation coordinates the work. Each "
                    "future-industry cluster has two leads, a district department and a development zone, to "
                    "resolve major cross-region, cross-field and cross-department issues, and the work runs on "
                    "a full chain of action plan, indicator system, annual work priorities and expert think "
                    "tank, with city-district and inter-departmental coordination.",
                ),
                _t(
                    "决策咨询：依托中国工程科技发展战略天津研究院、中国新一代人工智能发展战略研究院等机构组建"
                    "未来产业专家智库，围绕未来的需求、技术、产业、要素和制度开展研究，为决策提供支撑。",
                    "Advice: a future-industry expert think tank, drawing on the Tianjin Institute of China's "
                    "Engineering Science and Technology Development Strategy, the Chinese Institute of New "
                    "Generation Artificial Intelligence Development Strategies and similar bodies, will study "
                    "future demand, technologies, industries, production factors and institutions to support "
                    "decisions.",
                ),
                _t(
                    "制度创新：在国土空间规划、用地指标和项目审批上支持未来产业重大项目；发挥自贸区、自创区"
                    "制度创新优势，争创国家新技术新产品入市审批示范区，推动以细胞和基因治疗药物为代表的新技术"
                    "新产品先行先试；按照包容审慎原则，在新兴领域的产品审批、应用和伦理审查上加大创新；鼓励"
                    "各开发区针对重点未来产业出台支持政策。",
                    "Institutional innovation: major future-industry projects get support in spatial planning, "
                    "land quotas and approvals. Using the free trade zone and the national innovation "
                    "demonstration zone, Binhai will bid to become a national pilot for market approval of new "
                    "technologies and products, with cell and gene therapy drugs among the first to be tried. "
                    "Approval, use and ethical review of products in emerging fields are to be handled in an "
                    "inclusive yet prudent way, and each development zone is encouraged to adopt its own "
                    "support policies for key future industries.",
                ),
                _t(
                    "资金保障：争取国家和天津市加大支持；鼓励开放适合未来产业的应用场景，扩大政府对未来产业新产品的"
                    "采购，鼓励各开发区和各部门按一定比例资助提供应用场景的机构和企业；发挥政府"
                    "产业基金的引导作用，带动社会资本投入。",
                    "Funding: Binhai will seek more national and Tianjin support, encourage application "
                    "scenarios for future industries, buy more new future-industry products through government "
                    "procurement, and encourage zones and departments to co-fund organisations and companies "
                    "that provide application scenarios; government industry funds will draw in private "
                    "capital.",
                ),
                _t(
                    "监测考评：建立由一套顶层规划设计、一张重点项目清单、一套政策金融工具包和一系列应用场景"
                    "组成的“四个一”支撑体系并纳入考评；对应用场景典型案例评优并推广，完善集聚区监测指标"
                    "体系，由第三方专业机构定期对未来产业进行动态监测和评估。",
                    'Monitoring and assessment: a "four ones" support system (one top-level design, one list '
                    "of key projects, one toolkit of policy and financial instruments, and one series of "
                    "application scenarios) is built and included in performance reviews. Outstanding "
                    "application scenarios are selected and promoted, the clusters' monitoring indicators are "
                    "completed, and independent professional bodies regularly monitor and evaluate future "
                    "industries.",
                ),
            ],
        },
    ],
    "targets": [
        {
            "key": "clusters",
            "label": _t("未来产业集聚区", "Future-industry clusters"),
            "year": 2025,
            "value": 10,
        },
        {
            "key": "scenarios",
            "label": _t("未来技术典型应用场景", "Typical application scenarios for future technologies"),
            "year": 2025,
            "value": 50,
        },
        {
            "key": "platforms",
            "label": _t(
                "未来产业发展平台和龙头骨干企业",
                "Future-industry development platforms and leading enterprises",
            ),
            "year": 2025,
            "value": 100,
        },
    ],
    "target_2030": _t(
        "到2030年，新区未来产业的竞争优势、示范带动能力和发展水平进入全国第一梯队。",
        "By 2030, Binhai's future industries are to rank in the national first tier for competitiveness, "
        "demonstration and leadership, and overall level of development.",
    ),
}


# ---------------------------------------------------------------------------------------------
# Policies besides the plan. The plan itself is PLAN. The seed names only these three planning
# documents (as the basis of the spatial layout); it gives no issuer, date or number for them, so
# those fields stay empty rather than being invented.
# ---------------------------------------------------------------------------------------------

POLICIES = [
    {
        "slug": "tianjin-industrial-layout-plan-2022-2035",
        "title": _t("天津市工业布局规划（2022-2035年）", "Tianjin Industrial Layout Plan (2022-2035)"),
        "date": "",
        "document_number": "",
        "description": _t(
            "行动方案据此确定八条赛道的空间布局。",
            "One of the plans the action plan follows in laying out the eight tracks.",
        ),
    },
    {
        "slug": "binhai-14th-five-year-plan-outline",
        "title": _t(
            "天津市滨海新区国民经济和社会发展第十四个五年规划纲要",
            "Outline of the 14th Five-Year Plan for the Economic and Social Development of Binhai New Area",
        ),
        "date": "",
        "document_number": "",
        "description": _t(
            "行动方案据此确定八条赛道的空间布局。",
            "One of the plans the action plan follows in laying out the eight tracks.",
        ),
    },
    {
        "slug": "binhai-14th-five-year-sci-tech-innovation-plan",
        "title": _t(
            "天津市滨海新区科技创新“十四五”规划",
            "Binhai New Area 14th Five-Year Plan for Science and Technology Innovation",
        ),
        "date": "",
        "document_number": "",
        "description": _t(
            "行动方案据此确定八条赛道的空间布局。",
            "One of the plans the action plan follows in laying out the eight tracks.",
        ),
    },
]


# ---------------------------------------------------------------------------------------------
# News about the plan and the marketplace. No figures beyond those in the plan.
# ---------------------------------------------------------------------------------------------

NEWS = [
    {
        "slug": "binhai-issues-future-industries-action-plan",
        "date": "2023-07-06",
        "title": _t(
            "滨海新区印发行动方案 布局八条未来产业新赛道",
            "Binhai New Area issues action plan for eight future-industry tracks",
        ),
        "intro": _t(
            "滨海新区人民政府办公室印发《滨海新区培育新赛道 打造未来产业创新高地行动方案》，提出到2025年"
            "布局建设10个未来产业集聚区。",
            "The General Office of the Binhai New Area government has issued an action plan to cultivate "
            "new tracks and build a highland of future-industry innovation, with 10 future-industry clusters "
            "due by 2025.",
        ),
        "paragraphs": [
            _t(
                "方案经区委、区政府同意后印发各开发区管委会、各委局、各街镇和各单位执行，把生物制造、细胞和"
                "基因治疗、脑科学与智能医学、自主信创、深海探采、空天利用、先进能源和新型材料列为八条重点"
                "赛道。",
                "Approved by the district's Party committee and government and sent to the development zones, "
                "district departments, sub-districts and towns for implementation, the plan names eight tracks: "
                "bio-manufacturing, cell and gene therapy, brain science and intelligent medicine, independent "
                "IT innovation, deep-sea exploration, aerospace utilisation, advanced energy and new materials.",
            ),
            _t(
                "按照方案，到2025年新区将布局10个未来产业集聚区，构建50个未来技术典型应用场景，培育100个"
                "未来产业发展平台和龙头骨干企业；到2030年，未来产业的竞争优势、示范带动能力和发展水平进入"
                "全国第一梯队。",
                "By 2025 the district is to have 10 future-industry clusters, 50 typical application scenarios "
                "for future technologies and 100 future-industry development platforms and leading "
                "enterprises. By 2030 its future industries are to rank in the national first tier.",
            ),
            _t(
                "方案为每条赛道明确了创新源头、产业载体和所在开发区。例如，以天津大学、中科院天津工业生物"
                "技术研究所等为源头打造生物制造谷，在高新区、经开区和保税区打造信创谷、北方声谷和数字谷。",
                "For each track the plan names the innovation sources, industrial carriers and development "
                "zones. Tianjin University and the CAS Tianjin Institute of Industrial Biotechnology, for "
                "example, anchor the Bio-manufacturing Valley, while the Hi-tech Zone, TEDA and the Bonded "
                "Zone are to host the IT Innovation Valley, Northern Voice Valley and Digital Valley.",
            ),
            _t(
                "在推进路径上，方案提出科研攻关、场景驱动、产业强链、金融赋能、人才支撑五大工程，并从组织"
                "领导、决策咨询、制度创新、资金保障和监测考评五个方面提供保障。",
                "Delivery rests on five projects (research breakthroughs, application scenarios, stronger "
                "industry chains, finance and talent) backed by safeguards for leadership, expert advice, "
                "institutional innovation, funding, and monitoring and assessment.",
            ),
        ],
        "tracks": list(TRACK_SLUGS),
    },
    {
        "slug": "life-science-tracks-sources-and-clusters",
        "date": "2023-08-10",
        "title": _t(
            "解读：生命健康三条赛道的创新源头与集聚区",
            "Explainer: where the three life-science tracks will grow",
        ),
        "intro": _t(
            "生物制造、细胞和基因治疗、脑科学与智能医学三条赛道都以高校和国家级平台为创新源头，分别在保税区、"
            "经开区和高新区形成集聚。",
            "Bio-manufacturing, cell and gene therapy, and brain science and intelligent medicine all draw "
            "on universities and national platforms, and each has a home in the Bonded Zone, TEDA or the "
            "Hi-tech Zone.",
        ),
        "paragraphs": [
            _t(
                "生物制造赛道以天津大学、中科院天津工业生物技术研究所、国家合成生物技术创新中心和合成生物学"
                "海河实验室等为源头，依托空港生物制造产业园、南港工业区和大港石化产业园区打造生物制造谷，"
                "重点发展合成生物学底层技术和化学品、食品、药品的绿色生物制造。",
                "The bio-manufacturing track builds on Tianjin University, the CAS Tianjin Institute of "
                "Industrial Biotechnology, the National Technology Innovation Center for Synthetic Biology and "
                "the Haihe Laboratory of Synthetic Biology. Its Bio-manufacturing Valley spans the Airport "
                "Economic Area bio-manufacturing park, the Nangang Industrial Zone and the Dagang "
                "Petrochemical Industrial Park, and focuses on core synthetic biology and the green "
                "bio-manufacture of chemicals, food and medicines.",
            ),
            _t(
                "细胞和基因治疗赛道以中国医学科学院血液学研究所（血液病医院）、细胞产品国家工程研究中心、细胞"
                "生态海河实验室以及天津大学、南开大学等为源头，依托细胞产业转化基地、国际创新疫苗产业园、"
                "核酸产业园、渤龙产业园等载体，在高新区和经开区打造京津冀特色细胞谷。",
                "Cell and gene therapy draws on the CAMS Institute of Hematology & Blood Diseases Hospital, "
                "the National Engineering Research Center of Cell Products, the Haihe Laboratory of Cell "
                "Ecosystem, Tianjin University, Nankai University and others. With a cell industry "
                "translation base, the international innovative vaccine park, the nucleic acid park and Bolong "
                "Industrial Park as carriers, it forms the Beijing-Tianjin-Hebei Cell Valley in the Hi-tech "
                "Zone and TEDA.",
            ),
            _t(
                "脑科学与智能医学赛道汇聚天津大学医学部、国家健康医疗大数据研究院、脑机交互与人机共融海河"
                "实验室等力量，在高新区华苑片区打造以脑机交互与人机共融为代表的产业集聚区，推动脑机接口和"
                "智能诊断技术走向临床。",
                "Brain science and intelligent medicine gathers Tianjin University Medical School, the National "
                "Institute of Health and Medical Big Data, the Haihe Laboratory of Brain-Computer Interaction "
                "and Human-Machine Integration and others in a cluster in the Hi-tech Zone's Huayuan area, "
                "taking brain-computer interfaces and intelligent diagnosis into the clinic.",
            ),
            _t(
                "方案还提出，发挥自贸区、自创区制度创新优势，争取建设国家新技术和产品入市审批示范区，推动以"
                "细胞和基因治疗药物为代表的新技术、新产品先行先试。",
                "The plan also uses the institutional freedom of the free trade zone and the national "
                "innovation demonstration zone to seek a national pilot for market approval of new "
                "technologies and products, with cell and gene therapy drugs among the first to be tried.",
            ),
        ],
        "tracks": ["bio-manufacturing", "cell-gene-therapy", "brain-smart-medicine"],
    },
    {
        "slug": "technology-transfer-marketplace-goes-live",
        "date": "2026-03-18",
        "title": _t(
            "滨海未来产业科技成果转化平台上线",
            "Binhai future-industries technology-transfer marketplace goes live",
        ),
        "intro": _t(
            "作为行动方案中“数字化科技成果转化服务与交易中心”的线上部分，本平台上线运行，面向八条赛道"
            "提供成果发布、需求发布和对接服务。",
            "The online part of the action plan's digital technology-transfer service and trading centre is "
            "now live, offering technology listings, demand listings and matchmaking across all eight "
            "tracks.",
        ),
        "paragraphs": [
            _t(
                "高校、科研院所和实验室可以发布科技成果，注明所属赛道、技术成熟度和可接受的转化方式，包括"
                "许可、转让、合作开发和作价入股；企业可以发布场景需求和技术需求，并注明预算和截止日期。",
                "Universities, research institutes and laboratories can publish technologies, stating the "
                "track, the technology readiness level and the transfer modes they accept: licence, "
                "assignment, joint development or equity. Companies can publish scenario and technology "
                "demands with a budget and a deadline.",
            ),
            _t(
                "平台落实方案提出的“需求方出题、科技界答题”机制：企业需求可以揭榜挂帅的方式公开征集方案，"
                "系统为每项需求推荐相关成果、为每项成果推荐潜在需求，并列出推荐理由。",
                'The marketplace puts the plan\'s "demand sets the question, science answers" mechanism into '
                "practice: a company's demand can be opened as a challenge for proposals, and the system "
                "suggests relevant technologies for every demand and likely demands for every technology, "
                "with the reasons for each suggestion.",
            ),
            _t(
                "成果和需求经审核后公开，支持中文和英文浏览与检索。技术经纪人和技术转移机构可以在平台上促成"
                "对接、组织评价并跟进交易。",
                "Listings are published after moderation and can be browsed and searched in Chinese or "
                "English. Technology brokers and technology-transfer agencies can broker introductions, "
                "organise evaluations and follow deals through to completion.",
            ),
            _t(
                "平台还按赛道展示方案确定的监测指标，包括未来产业集聚区、典型应用场景和发展平台的建设进展，"
                "以及成果、对接和交易情况。",
                "The marketplace also charts, track by track, the indicators the plan monitors: progress on "
                "clusters, application scenarios and development platforms, alongside listings, matches and "
                "deals.",
            ),
        ],
        "tracks": list(TRACK_SLUGS),
    },
    {
        "slug": "continuous-roadshow-and-innovation-products-open",
        "date": "2026-05-20",
        "title": _t(
            "常态化路演开放报名 创新产品推荐通道同步开通",
            "Continuous roadshow opens for pitches as the innovation-product channel launches",
        ),
        "intro": _t(
            "平台开通“永不落幕的科技成果常态化路演”，按赛道定期组织线上路演，同时开通创新产品推荐通道。",
            "The marketplace has opened its never-ending technology roadshow, with regular online pitch "
            "sessions for each track, and a channel for recommending innovation products.",
        ),
        "paragraphs": [
            _t(
                "科研团队可以响应路演征集，提交项目参加按赛道定期举办的线上路演；投资机构、天使投资人和银行"
                "可以报名观看、关注赛道，并对路演项目表达投资意向。路演结束后提供回放。",
                "Research teams can answer calls for pitches and present at the regular online sessions for "
                "their track. Funds, angel investors and banks can register to watch, follow tracks and "
                "express interest in the technologies pitched. Replays are available after each session.",
            ),
            _t(
                "企业可以提交创新产品，经评价后进入推荐清单。行动方案提出向市财政局推荐创新产品，并协调将其"
                "及时纳入政府采购目录，推荐清单正是为这一环节准备的。",
                "Companies can submit innovation products, which are evaluated before joining a "
                "recommendation list. The action plan calls for innovation products to be recommended to the "
                "Municipal Finance Bureau for prompt inclusion in the government procurement catalogue, and "
                "the list is prepared for that step.",
            ),
            _t(
                "这两项功能对应方案“应用场景驱动工程”的部署：打造常态化路演平台，持续开展需求征集、发布、"
                "对接、评价和交易，加快未来技术的市场化进程。",
                "Both features serve the plan's application scenario project, which calls for a continuous "
                "roadshow platform and an ongoing cycle of collecting, publishing, matching, evaluating and "
                "trading demands so that future technologies reach the market sooner.",
            ),
            _t(
                "方案的“多元金融赋能工程”还提出探索概念验证基金、中试基金和科技成果转化基金；常态化路演为"
                "投资方了解早期项目提供了固定渠道。",
                "The plan's finance project also proposes proof-of-concept, pilot-scale and "
                "technology-transfer funds; the continuous roadshow gives investors a regular way to meet "
                "early-stage projects.",
            ),
        ],
        "tracks": list(TRACK_SLUGS),
    },
]


# ---------------------------------------------------------------------------------------------
# Organisations: the real bodies the plan names (described only by their role in the plan) and
# the fictional demo enterprise, fund and agency, clearly labelled 示例 / Demo.
# ---------------------------------------------------------------------------------------------

ORGANISATION_KINDS = ("university", "enterprise", "investor", "agency", "government")

ORGANISATIONS = [
    {
        "slug": "tianjin-university",
        "name": _TJU,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将天津大学列为生物制造、细胞和基因治疗、空天利用和先进能源等赛道的创新源头，其医学部"
            "是脑科学与智能医学赛道的创新源头，并争取其在新区建设未来产业学科交叉中心。",
            "The action plan names Tianjin University as an innovation source for bio-manufacturing, cell "
            "and gene therapy, aerospace and advanced energy, names its medical school for brain science and "
            "intelligent medicine, and seeks an interdisciplinary future-industry centre from it in Binhai.",
        ),
    },
    {
        "slug": "nankai-university",
        "name": _NKU,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将南开大学列为细胞和基因治疗、先进能源赛道的创新源头，并在人才支撑工程中发挥作用。",
            "The action plan names Nankai University as an innovation source for cell and gene therapy and "
            "advanced energy, and gives it a role in the talent project.",
        ),
    },
    {
        "slug": "tianjin-university-of-science-and-technology",
        "name": _TUST,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将天津科技大学列为生物制造、细胞和基因治疗、自主信创和先进能源赛道的创新源头。",
            "The action plan names Tianjin University of Science and Technology as an innovation source for "
            "bio-manufacturing, cell and gene therapy, independent IT innovation and advanced energy.",
        ),
    },
    {
        "slug": "civil-aviation-university-of-china",
        "name": _CAUC,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将中国民航大学列为空天利用和先进能源赛道的创新源头。",
            "The action plan names the Civil Aviation University of China as an innovation source for "
            "aerospace utilisation and advanced energy.",
        ),
    },
    {
        "slug": "tianjin-university-of-technology",
        "name": _TJUT,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将天津理工大学列为先进能源赛道的创新源头。",
            "The action plan names Tianjin University of Technology as an innovation source for advanced "
            "energy.",
        ),
    },
    {
        "slug": "cas-tianjin-institute-of-industrial-biotechnology",
        "name": _TIB,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将中科院天津工业生物技术研究所列为生物制造赛道的创新源头。",
            "The action plan names the CAS Tianjin Institute of Industrial Biotechnology as an innovation "
            "source for bio-manufacturing.",
        ),
    },
    {
        "slug": "cams-institute-of-hematology",
        "name": _IH_CAMS,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将中国医学科学院血液学研究所（血液病医院）列为细胞和基因治疗赛道的创新源头。",
            "The action plan names the CAMS Institute of Hematology & Blood Diseases Hospital as an "
            "innovation source for cell and gene therapy.",
        ),
    },
    {
        "slug": "national-supercomputer-center-tianjin",
        "name": _NSCC_TJ,
        "kind": "university",
        "verified": True,
        "description": _t(
            "行动方案将国家超级计算天津中心列为自主信创赛道的创新源头。",
            "The action plan names the National Supercomputer Center in Tianjin as an innovation source for "
            "independent IT innovation.",
        ),
    },
    {
        "slug": "binhai-science-and-technology-bureau",
        "name": _t("滨海新区科学技术局", "Binhai New Area Science and Technology Bureau"),
        "kind": "government",
        "verified": True,
        "description": _t(
            "区科技局是行动方案中科研攻关、场景驱动、金融赋能、人才支撑等工程和监测考评的责任单位之一。",
            "The district science and technology bureau is one of the units the action plan makes "
            "responsible for the research, scenario, finance and talent projects and for monitoring and "
            "assessment.",
        ),
    },
    {
        "slug": "demo-energy-storage-co",
        "name": _t("示例储能科技有限公司", "Demo Energy Storage Technology Co., Ltd."),
        "kind": "enterprise",
        "verified": True,
        "description": _t(
            "虚构的示例企业，仅用于演示：一家关注储能电池和氢能应用的企业，在平台上发布场景需求并提交创新"
            "产品。",
            "A fictional enterprise for demonstration only: a company interested in storage batteries and "
            "hydrogen applications that publishes scenario demands and submits innovation products.",
        ),
    },
    {
        "slug": "demo-future-industries-fund",
        "name": _t("示例未来产业创投基金", "Demo Future Industries Venture Fund"),
        "kind": "investor",
        "verified": True,
        "description": _t(
            "虚构的示例投资机构，仅用于演示：关注八条赛道的早期项目，参加路演并表达投资意向。",
            "A fictional investor for demonstration only: it follows early-stage projects across the eight "
            "tracks, attends roadshows and expresses interest in pitched technologies.",
        ),
    },
    {
        "slug": "demo-tech-transfer-centre",
        "name": _t("示例技术转移服务中心", "Demo Technology Transfer Services Centre"),
        "kind": "agency",
        "verified": True,
        "description": _t(
            "虚构的示例技术转移机构，仅用于演示：由技术经纪人促成成果与需求对接、组织评价并跟进交易。",
            "A fictional technology-transfer agency for demonstration only: its brokers introduce "
            "technologies to demands, organise evaluations and follow deals.",
        ),
    },
]


# ---------------------------------------------------------------------------------------------
# Demo accounts, one per role. load_demo prints DEMO_PASSWORD.
# ---------------------------------------------------------------------------------------------

DEMO_PASSWORD = "binhai-demo-2026"

DEMO_USERS = [
    {
        "email": "researcher@demo.binhai.test",
        "name": _t("李研究员", "Dr. Li"),
        "role": "researcher",
        "organisation": "tianjin-university",
    },
    {
        "email": "enterprise@demo.binhai.test",
        "name": _t("王经理", "Manager Wang"),
        "role": "enterprise",
        "organisation": "demo-energy-storage-co",
    },
    {
        "email": "investor@demo.binhai.test",
        "name": _t("赵投资人", "Ms. Zhao"),
        "role": "investor",
        "organisation": "demo-future-industries-fund",
    },
    {
        "email": "broker@demo.binhai.test",
        "name": _t("陈经纪人", "Mr. Chen"),
        "role": "broker",
        "organisation": "demo-tech-transfer-centre",
    },
    {
        "email": "editor@demo.binhai.test",
        "name": _t("刘编辑", "Editor Liu"),
        "role": "editor",
        "organisation": "binhai-science-and-technology-bureau",
    },
]


# ---------------------------------------------------------------------------------------------
# Glossary: every track keyword plus general technology-transfer terms. Used as the bilingual
# search glossary and as jieba's user dictionary, so zh terms contain no spaces.
# ---------------------------------------------------------------------------------------------

GENERAL_TERMS = [
    ("科技成果", "technology"),
    ("成果转化", "commercialisation of research results"),
    ("技术转移", "technology transfer"),
    ("场景需求", "scenario demand"),
    ("技术需求", "technology demand"),
    ("揭榜挂帅", "open challenge"),
    ("对接", "matchmaking"),
    ("路演", "roadshow"),
    ("常态化路演", "continuous roadshow"),
    ("创新产品", "innovation product"),
    ("政府采购目录", "government procurement catalogue"),
    ("技术转移机构", "technology-transfer agency"),
    ("技术经纪人", "technology broker"),
    ("未来产业", "future industries"),
    ("新赛道", "new track"),
    ("未来产业集聚区", "future-industry cluster"),
    ("应用场景", "application scenario"),
    ("概念验证", "proof of concept"),
    ("中试", "pilot-scale verification"),
    ("中试基地", "pilot-scale base"),
    ("技术成熟度", "technology readiness level"),
    ("知识产权", "intellectual property"),
    ("专利", "patent"),
    ("许可", "license"),
    ("转让", "assignment"),
    ("合作开发", "joint development"),
    ("作价入股", "equity"),
    ("评价", "evaluation"),
    ("交易", "deal"),
    ("概念验证基金", "proof-of-concept fund"),
    ("中试基金", "pilot-scale fund"),
    ("母基金", "fund of funds"),
    ("天使投资", "angel investment"),
    ("知识产权质押融资", "IP-pledge financing"),
    ("科技保险", "technology insurance"),
    ("创新联合体", "innovation consortium"),
    ("新型研发机构", "new-type R&D institution"),
    ("验证中心", "verification centre"),
    ("孵化器", "incubator"),
    ("龙头企业", "leading enterprise"),
]


def _build_glossary():
    seen = set()
    pairs = []
    for track in TRACKS:
        for keyword in track["keywords"]:
            if keyword["zh"] not in seen:
                seen.add(keyword["zh"])
                pairs.append((keyword["zh"], keyword["en"]))
    for zh, en in GENERAL_TERMS:
        if zh not in seen:
            seen.add(zh)
            pairs.append((zh, en))
    return pairs


GLOSSARY = _build_glossary()
