import factory

from taxonomy.models import Track

TRACKS = [
    ("bio-manufacturing", "生物制造", "Bio-manufacturing"),
    ("cell-gene-therapy", "细胞和基因治疗", "Cell and gene therapy"),
    ("brain-smart-medicine", "脑科学与智能医学", "Brain science and intelligent medicine"),
    ("independent-it", "自主信创", "Independent IT innovation"),
    ("deep-sea", "深海探采", "Deep-sea exploration"),
    ("aerospace", "空天利用", "Aerospace utilisation"),
    ("advanced-energy", "先进能源", "Advanced energy"),
    ("new-materials", "新型材料", "New materials"),
]


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"track-{n}")
    name_zh = factory.Sequence(lambda n: f"赛道{n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")


def create_tracks():
    """The plan's eight tracks with their fixed slugs."""
    return [
        TrackFactory(slug=slug, name_zh=zh, name_en=en, order=i)
        for i, (slug, zh, en) in enumerate(TRACKS, start=1)
    ]
