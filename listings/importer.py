"""Bulk import of the JSON Lines listing exchange format (PRODUCT.md), used by the command and API.

Each line is validated on its own; bad lines are reported with their number and a reason and the
good ones are kept. Rows are upserted in batches (COPY + INSERT … ON CONFLICT on PostgreSQL, bulk_create elsewhere), and each batch sends
one ``listings_changed`` signal so the search index is fed in bulk.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from accounts.models import Organisation
from core.richtext import clean_source
from taxonomy.models import DevelopmentZone, Track

from .kinds import MODELS
from .models import REF_VALIDATOR, Demand, Listing, Technology, TransferMode
from .signals import send_listings_changed

BATCH_SIZE = 500
TRANSFER_MODES = set(TransferMode.values)

# Columns written by the import; the rest keep their values on update.
COMMON_FIELDS = [
    "title",
    "summary",
    "description",
    "translated_title",
    "translated_summary",
    "translated_description",
    "track_id",
    "keywords",
    "language",
    "organisation_id",
]
TECHNOLOGY_FIELDS = [
    "trl",
    "transfer_modes",
    "development_stage",
    "advantages",
    "application_scenarios",
    "ip_status",
    "price_cny",
    "price_negotiable",
    "contact_person",
]
DEMAND_FIELDS = [
    "budget_min_cny",
    "budget_max_cny",
    "deadline",
    "scenario",
    "required_capabilities",
    "development_zone_id",
    "location",
]
PUBLISH_FIELDS = ["status", "live", "published_at", "first_published_at", "last_published_at"]
TEXT_LIMITS = {"title": 200, "summary": 300, "contact_person": 100, "location": 200}


@dataclass
class LineError:
    line: int
    reason: str
    ref: str = ""

    def __str__(self):
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportReport:
    """What an import did: counts per outcome and every rejected line."""

    lines: int = 0
    created: int = 0
    updated: int = 0
    errors: list[LineError] = field(default_factory=list)
    ids: dict[str, list[int]] = field(default_factory=lambda: {"technology": [], "demand": []})

    @property
    def failed(self):
        return len(self.errors)

    @property
    def ok(self):
        return not self.errors

    def as_dict(self):
        return {
            "lines": self.lines,
            "created": self.created,
            "updated": self.updated,
            "failed": self.failed,
            "errors": [{"line": e.line, "ref": e.ref, "reason": e.reason} for e in self.errors],
        }


class LineInvalid(Exception):
    pass


class _Lookups:
    """Tracks, zones and organisations resolved once per import, not once per line."""

    def __init__(self):
        self.tracks = dict(Track.objects.values_list("slug", "id"))
        self.zones = dict(DevelopmentZone.objects.values_list("slug", "id"))
        self.organisations = {}

    def organisation_ids(self, wanted):
        """Ids for (name, kind) pairs, creating the organisations that do not exist yet."""
        missing = {name: kind for name, kind in wanted if name not in self.organisations}
        if missing:
            for pk, name in Organisation.objects.filter(name__in=missing).values_list("id", "name"):
                self.organisations[name] = pk
            to_create = [(name, kind) for name, kind in missing.items() if name not in self.organisations]
            if to_create:
                Organisation.objects.bulk_create(
                    [
                        Organisation(name=name, kind=kind, slug=_organisation_slug(name))
                        for name, kind in to_create
                    ],
                    ignore_conflicts=True,
                )
                for pk, name in Organisation.objects.filter(name__in=[n for n, _k in to_create]).values_list(
                    "id", "name"
                ):
                    self.organisations[name] = pk
        return self.organisations


def _organisation_slug(name):
    # Unique without a query per name: the ASCII part for readability, a hash for uniqueness.
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    base = slugify(name)[:80]
    return f"{base}-{digest}" if base else f"org-{digest}"


def _require(data, name):
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise LineInvalid(_("missing required field “%(field)s”") % {"field": name})
    return value


def _translation(data):
    """The optional `translation` object: title and summary (and, beyond PRODUCT.md, the description)
    in the other language.

    A line without it imports a listing without a translation (the file is the listing's truth,
    as for every other field)."""
    translation = data.get("translation")
    if translation is None:
        return {"translated_title": "", "translated_summary": "", "translated_description": ""}
    if not isinstance(translation, dict):
        raise LineInvalid(_("“translation” must be an object with “title” and “summary”"))
    unknown = sorted(set(translation) - {"title", "summary", "description"})
    if unknown:
        raise LineInvalid(_("unknown field in “translation”: %(fields)s") % {"fields": ", ".join(unknown)})
    values = {}
    for name, limit in (("title", 200), ("summary", 300), ("description", 20_000)):
        value = translation.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise LineInvalid(_("“translation.%(field)s” must be text") % {"field": name})
        value = value.strip()
        if len(value) > limit:
            raise LineInvalid(
                _("“translation.%(field)s” is longer than %(limit)s characters")
                % {"field": name, "limit": limit}
            )
        values[f"translated_{name}"] = clean_source(value) if name == "description" else value
    return values


def _text(data, name, required=False):
    value = _require(data, name) if required else data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineInvalid(_("“%(field)s” must be a string") % {"field": name})
    value = value.strip()
    limit = TEXT_LIMITS.get(name)
    if limit and len(value) > limit:
        raise LineInvalid(
            _("“%(field)s” is longer than %(limit)s characters") % {"field": name, "limit": limit}
        )
    return value


def _int_or_none(data, name, minimum=0):
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise LineInvalid(
            _("“%(field)s” must be a whole number of at least %(min)s or null, got %(value)s")
            % {"field": name, "min": minimum, "value": json.dumps(value, ensure_ascii=False)}
        )
    return value


def _date_or_none(data, name):
    value = data.get(name)
    if value is None or value == "":
        return None
    try:
        if not (isinstance(value, str) and len(value) == 10):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise LineInvalid(
            _("bad date %(value)s in “%(field)s” (expected YYYY-MM-DD)")
            % {"value": json.dumps(value, ensure_ascii=False), "field": name}
        ) from None


def _keywords(data):
    value = data.get("keywords") or []
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise LineInvalid(_("“keywords” must be a list of strings"))
    from .services import normalise_keywords  # noqa: PLC0415 — circular: services import the importer

    return normalise_keywords(value)


def _check_terms(listing):
    """The listing terms of ``listings.services``, as this line's reason. An import loads records as
    they are, so past deadlines (of archived demands) are not checked here."""
    from .services import check_listing_terms  # noqa: PLC0415 — circular: services re-export the importer

    try:
        check_listing_terms(listing=listing)
    except ValidationError as exc:
        raise LineInvalid(" ".join(exc.messages)) from None


def parse_line(text, lookups):
    """One line → (model, ref, field values, (organisation name, kind)). Raises LineInvalid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineInvalid(_("invalid JSON (%(error)s)") % {"error": exc.msg}) from None
    if not isinstance(data, dict):
        raise LineInvalid(_("expected a JSON object"))
    kind = data.get("type")
    model = MODELS.get(kind)
    if model is None:
        raise LineInvalid(
            _("unknown type %(type)s (expected technology or demand)")
            % {"type": json.dumps(kind, ensure_ascii=False)}
        )
    ref = _text(data, "ref", required=True)
    if len(ref) > 64:
        raise LineInvalid(_("“ref” is longer than 64 characters"))
    try:
        REF_VALIDATOR(ref)
    except Exception:
        raise LineInvalid(
            _("bad ref %(ref)s (letters, digits, dots, dashes and underscores)")
            % {"ref": json.dumps(ref, ensure_ascii=False)}
        ) from None
    values = {"title": _text(data, "title", required=True)}
    track_slug = _require(data, "track")
    track_id = lookups.tracks.get(track_slug) if isinstance(track_slug, str) else None
    if track_id is None:
        raise LineInvalid(
            _("unknown track slug %(slug)s") % {"slug": json.dumps(track_slug, ensure_ascii=False)}
        )
    language = data.get("language") or "zh"
    if language not in ("zh", "en"):
        raise LineInvalid(
            _("language must be zh or en, got %(value)s")
            % {"value": json.dumps(language, ensure_ascii=False)}
        )
    org_key = "institution" if kind == "technology" else "organization"
    org_name = data.get(org_key) or data.get("organization") or data.get("institution")
    if not isinstance(org_name, str) or not org_name.strip():
        raise LineInvalid(_("missing required field “%(field)s”") % {"field": org_key})
    org_name = org_name.strip()[:200]
    org_kind = Organisation.Kind.UNIVERSITY if kind == "technology" else Organisation.Kind.ENTERPRISE
    values.update(
        summary=_text(data, "summary"),
        description=clean_source(_text(data, "description")),
        **_translation(data),
        track_id=track_id,
        keywords=_keywords(data),
        language=language,
    )
    if kind == "technology":
        trl = _require(data, "trl")
        if isinstance(trl, bool) or not isinstance(trl, int) or not 1 <= trl <= 9:
            raise LineInvalid(
                _("trl must be a whole number from 1 to 9, got %(value)s")
                % {"value": json.dumps(trl, ensure_ascii=False)}
            )
        modes = data.get("transfer_modes") or []
        if not isinstance(modes, list):
            raise LineInvalid(_("“transfer_modes” must be a list"))
        for mode in modes:
            if mode not in TRANSFER_MODES:
                raise LineInvalid(
                    _("bad transfer mode %(mode)s (allowed: %(allowed)s)")
                    % {
                        "mode": json.dumps(mode, ensure_ascii=False),
                        "allowed": ", ".join(TransferMode.values),
                    }
                )
        stage = data.get("development_stage") or ""
        if stage and stage not in Technology.Stage.values:
            raise LineInvalid(_("unknown development_stage %(value)s") % {"value": json.dumps(stage)})
        ip_status = data.get("ip_status") or ""
        if ip_status and ip_status not in Technology.IPStatus.values:
            raise LineInvalid(_("unknown ip_status %(value)s") % {"value": json.dumps(ip_status)})
        price = _int_or_none(data, "price_cny")
        values.update(
            trl=trl,
            transfer_modes=list(dict.fromkeys(modes)),
            development_stage=stage,
            advantages=_text(data, "advantages"),
            application_scenarios=_text(data, "application_scenarios"),
            ip_status=ip_status,
            price_cny=price,
            price_negotiable=bool(data.get("price_negotiable", price is None)),
            contact_person=_text(data, "contact_person"),
        )
        _check_terms(Technology(price_cny=price, price_negotiable=values["price_negotiable"]))
    else:
        budget = _int_or_none(data, "budget_cny")
        budget_min = _int_or_none(data, "budget_min_cny")
        budget_max = _int_or_none(data, "budget_max_cny")
        if budget_max is None:
            budget_max = budget
        _check_terms(Demand(budget_min_cny=budget_min, budget_max_cny=budget_max))
        zone = data.get("development_zone") or None
        zone_id = lookups.zones.get(zone) if zone else None
        if zone and zone_id is None:
            raise LineInvalid(
                _("unknown development zone %(slug)s") % {"slug": json.dumps(zone, ensure_ascii=False)}
            )
        values.update(
            budget_min_cny=budget_min,
            budget_max_cny=budget_max,
            deadline=_date_or_none(data, "deadline"),
            scenario=_text(data, "scenario"),
            required_capabilities=_text(data, "required_capabilities"),
            development_zone_id=zone_id,
            location=_text(data, "location"),
        )
    return model, ref, values, (org_name, org_kind)


class _Batch:
    def __init__(self, model):
        self.model = model
        self.rows = {}  # ref -> (line number, values, organisation)

    def __len__(self):
        return len(self.rows)


def _flush(batch, *, lookups, publish, report):
    if not batch.rows:
        return
    model = batch.model
    kind = "technology" if model is Technology else "demand"
    now = timezone.now()
    fields = COMMON_FIELDS + (TECHNOLOGY_FIELDS if model is Technology else DEMAND_FIELDS)
    with transaction.atomic():
        org_ids = lookups.organisation_ids({org for _line, _values, org in batch.rows.values()})
        existing = {
            ref: (pk, published_at, first_published_at)
            for ref, pk, published_at, first_published_at in model.objects.filter(
                ref__in=list(batch.rows)
            ).values_list("ref", "pk", "published_at", "first_published_at")
        }
        rows = []
        for ref, (_line, values, (org_name, _kind)) in batch.rows.items():
            obj = model(
                ref=ref,
                status=Listing.Status.DRAFT,
                live=False,
                created_at=now,
                updated_at=now,
                organisation_id=org_ids[org_name],
                **values,
            )
            if publish:
                _pk, published_at, first_published_at = existing.get(ref, (None, None, None))
                obj.status = Listing.Status.PUBLISHED
                obj.live = True
                obj.published_at = published_at or now
                obj.first_published_at = first_published_at or now
                obj.last_published_at = now
            rows.append(obj)
        # One INSERT … ON CONFLICT (ref) DO UPDATE per batch: new refs are created, known refs
        # updated in place (same primary key); status and history of known refs are kept
        # unless publishing.
        update_fields = fields + ["updated_at"] + (PUBLISH_FIELDS if publish else [])
        if connection.vendor == "postgresql":
            ids = _upsert_postgresql(model, rows, update_fields, existing)
        else:
            model.objects.bulk_create(
                rows,
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["ref"],
                update_fields=update_fields,
            )
            ids = [obj.pk for obj in rows]
            if any(pk is None for pk in ids):
                ids = list(model.objects.filter(ref__in=list(batch.rows)).values_list("pk", flat=True))
        send_listings_changed(model, ids)
    updated = len(existing)
    report.created += len(rows) - updated
    report.updated += updated
    report.ids[kind].extend(ids)
    batch.rows.clear()


def _upsert_postgresql(model, rows, update_fields, existing):
    """COPY the batch into a temporary table, then one INSERT … ON CONFLICT (ref) DO UPDATE.

    The same statement as bulk_create(update_conflicts=True), without building a 36-column
    parameter list per row in Python (about twice as fast on a batch of 500), and rows whose
    content did not change are left alone: re-importing a full export rewrites nothing and
    signals only the listings that changed. Returns the ids of created or changed rows.
    """

    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    json_columns = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = [f.column for f in fields]
    quoted = ", ".join(f'"{c}"' for c in columns)
    table = meta.db_table
    temp = f"import_{table}"
    updates = ", ".join(
        f'"{meta.get_field(name).column}" = EXCLUDED."{meta.get_field(name).column}"'
        for name in update_fields
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMPORARY TABLE "{temp}" ON COMMIT DROP AS SELECT {quoted} FROM "{table}" WITH NO DATA'
        )
        raw = cursor.cursor
        with raw.copy(f'COPY "{temp}" ({quoted}) FROM STDIN') as copy:
            for obj in rows:
                copy.write_row(
                    [
                        Jsonb(getattr(obj, f.attname))
                        if f.attname in json_columns
                        else getattr(obj, f.attname)
                        for f in fields
                    ]
                )
        compared = [
            meta.get_field(name).column
            for name in update_fields
            if name not in ("updated_at", "last_published_at")
        ]
        current = ", ".join(f'"{table}"."{column}"' for column in compared)
        incoming = ", ".join(f'EXCLUDED."{column}"' for column in compared)
        changed = f"({current}) IS DISTINCT FROM ({incoming})"
        cursor.execute(
            f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM "{temp}" '
            f'ON CONFLICT ("ref") DO UPDATE SET {updates} WHERE {changed} RETURNING "id", "ref"'
        )
        written = {ref: pk for pk, ref in cursor.fetchall()}
        cursor.execute(f'DROP TABLE "{temp}"')
    for obj in rows:
        obj.pk = written.get(obj.ref) or existing[obj.ref][0]
    return [obj.pk for obj in rows if obj.ref in written]


def import_listings(lines, publish=False, *, batch_size=BATCH_SIZE, progress=None):
    """Import listings from JSON Lines text (an iterable of lines, str or bytes).

    Bad lines are reported in the returned ``ImportReport`` with their 1-based number and a
    reason; good lines are imported. A ref seen before updates that listing. With ``publish``
    the imported listings are published at once (the import is a trusted, editor-run path).
    Side effects: creates missing organisations (universities for technologies, enterprises for
    demands), creates/updates listings in batches, one ``listings_changed`` per batch.
    ``progress``, if given, is called with the number of lines handled since the last call.
    """
    report = ImportReport()
    lookups = _Lookups()
    batches = {model: _Batch(model) for model in MODELS.values()}
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                report.errors.append(LineError(number, _("not valid UTF-8")))
                continue
        raw = raw.lstrip("\ufeff").strip()
        if not raw:
            continue
        try:
            model, ref, values, org = parse_line(raw, lookups)
        except LineInvalid as exc:
            report.errors.append(LineError(number, str(exc), _guess_ref(raw)))
            continue
        batch = batches[model]
        if ref in batch.rows:
            # The same ref twice in one batch: write what came first, then let this one update it.
            _flush(batch, lookups=lookups, publish=publish, report=report)
        batch.rows[ref] = (number, values, org)
        if len(batch) >= batch_size:
            _flush(batch, lookups=lookups, publish=publish, report=report)
        if progress:
            progress(1)
    for batch in batches.values():
        _flush(batch, lookups=lookups, publish=publish, report=report)
    return report


def _guess_ref(raw):
    try:
        ref = json.loads(raw).get("ref", "")
        return ref if isinstance(ref, str) else ""
    except (ValueError, AttributeError):
        return ""
