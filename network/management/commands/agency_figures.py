"""python manage.py agency_figures [--agency SLUG] [--format json]: the public figures of the
published agencies and their brokers, computed as on the site (network.figures)."""

import json

from django.core.management.base import BaseCommand, CommandError

from network import figures
from network.models import Agency, BrokerProfile


def _plain(numbers):
    return {
        "introductions": numbers["introductions"],
        "contracts": numbers["contracts"],
        "value_cny": str(numbers["value"]),
        "median_answer_hours": numbers["response"]["median_hours"],
    }


class Command(BaseCommand):
    help = "Print the published agencies' and their brokers' figures (as on /network/)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", default="", help="Only this agency (its slug).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, agency="", format="text", **options):
        agencies = Agency.objects.published().order_by("name_zh", "pk")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(f"No published agency with the slug {agency!r}.")
        agencies = list(agencies)
        per_agency = figures.agency_figures(agencies)
        profiles = list(BrokerProfile.objects.active().filter(agency__in=agencies).select_related("user"))
        # On an agency's line, a broker's figures are what they brokered as its members.
        per_broker = {
            a.pk: figures.broker_figures([p.user_id for p in profiles if p.agency_id == a.pk], agency=a)
            for a in agencies
        }
        rows = [
            {
                "agency": a.slug,
                "name": a.name_zh,
                **_plain(per_agency[a.pk]),
                "brokers": [
                    {"broker": str(p.user), **_plain(per_broker[a.pk][p.user_id])}
                    for p in profiles
                    if p.agency_id == a.pk
                ],
            }
            for a in agencies
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['agency']}: {row['introductions']} introductions, {row['contracts']} contracts, "
                f"¥{row['value_cny']}, median answer {row['median_answer_hours']} h"
            )
            for broker in row["brokers"]:
                self.stdout.write(
                    f"  {broker['broker']}: {broker['introductions']} introductions, {broker['contracts']} contracts, "
                    f"¥{broker['value_cny']}"
                )
