"""The action plan's targets (2025) and example counts of clusters and platforms.

The targets are the plan's own (10 clusters, 50 typical scenarios, 100 platforms and leading
enterprises); the maintained counts are demo figures, marked as such in their note.
"""

from django.utils import timezone

from indicators.models import MaintainedCount, ProgrammeTarget
from taxonomy.models import Track

TARGETS = [
    ("clusters", 10, "《培育新赛道 打造未来产业创新高地》行动方案 主要目标"),
    ("typical_scenarios", 50, "《培育新赛道 打造未来产业创新高地》行动方案 主要目标"),
    ("platforms", 100, "《培育新赛道 打造未来产业创新高地》行动方案 主要目标"),
]

# (indicator, track slug or None, count): demo figures only.
COUNTS = [
    ("clusters", "bio-manufacturing", 1),
    ("clusters", "independent-it", 1),
    ("clusters", "advanced-energy", 1),
    ("platforms", "bio-manufacturing", 6),
    ("platforms", "independent-it", 9),
    ("platforms", "advanced-energy", 7),
    ("platforms", "new-materials", 5),
    ("platforms", None, 4),
]


def load(stdout=None):
    for indicator, value, source in TARGETS:
        ProgrammeTarget.objects.get_or_create(
            indicator=indicator, track=None, year=2025, defaults={"value": value, "source": source}
        )
    tracks = {t.slug: t for t in Track.objects.all()}
    as_of = timezone.localdate().replace(day=1)
    for indicator, slug, value in COUNTS:
        if slug and slug not in tracks:
            continue
        if not MaintainedCount.objects.filter(indicator=indicator, track=tracks.get(slug)).exists():
            MaintainedCount.objects.create(
                indicator=indicator,
                track=tracks.get(slug),
                value=value,
                as_of=as_of,
                note="示例数据 / demo data",
            )
    if stdout:
        stdout.write(f"  indicators: {len(TARGETS)} targets, {len(COUNTS)} maintained counts")
