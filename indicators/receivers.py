"""Keeps the indicators' tallies in step with the data, in the same transaction as each change.

A saved or deleted source object refreshes the metrics it feeds (``sources.ROOTS``); an audit entry
or a figure dispute refreshes the match request it is about; a change of covered tracks refreshes
the agency, centre or scenario; a listing saved into another track refreshes what counts for the
listing's track (its match requests, funding applications and validations), a session moved to
another track or day its attendance. The queryset updates
in the services change nothing these figures count; anything else a write goes around is caught
by the nightly ``core.rebuild_tallies``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

from core import tallies
from core.models import AuditEntry
from dealflow.models import MatchRequest
from funding.models import Application
from listings.models import Demand, Technology
from network.models import FigureDispute
from platforms.models import ValidationReport
from roadshow.models import Registration, RoadshowSession

from .sources import ROOTS, series_for


def refresh(model, pks):
    """Side effects: the tallies of the metrics ``model`` feeds follow these objects."""
    for key in ROOTS.get(model, ()):
        for series in series_for(key):
            tallies.record(series, pks)


def on_source_written(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(sender, [instance.pk])


def on_audit_entry(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.content_type_id == ContentType.objects.get_for_model(MatchRequest).pk:
        tallies.record("indicators.agreements", [instance.object_id])


def on_dispute(sender, instance, raw=False, **kwargs):
    if not raw:
        tallies.record("indicators.brokered_contracts", [instance.match_request_id])


# Objects counted with another one's track or day: {model: (its fields they are counted with,
# ((counted model, the lookup from it to the object), …))}.
DEPENDENTS = {
    Technology: (
        ("track_id",),
        (
            (MatchRequest, "technology"),
            (Application, "technology"),
            (ValidationReport, "slot_request__technology"),
        ),
    ),
    Demand: (("track_id",), ((MatchRequest, "demand"),)),
    RoadshowSession: (("track_id", "starts_at"), ((Registration, "session"),)),
}


def _values(instance, fields):
    """The object's values of `fields` as it holds them, or None when one was not loaded (deferred)."""
    held = instance.__dict__
    return tuple(held[f] for f in fields) if all(f in held for f in fields) else None


def _names(model, fields):
    return {model._meta.get_field(f).name for f in fields}


def on_loaded(sender, instance, **kwargs):
    """Remember the track/day the object is built with: the stored ones when it comes from the
    database, so its save can tell a move without reading them again."""
    instance._indicators_stored = _values(instance, DEPENDENTS[sender][0])


def on_moving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether the object is moving to another track or day, against the values it was loaded
    or last saved with. One read of the stored values only when those are unknown: an object not
    from the database (built with a pk, or from a revision's content), or loaded without them."""
    if raw or instance.pk is None:
        return
    fields, _counted = DEPENDENTS[sender]
    if update_fields is not None and not _names(sender, fields) & set(update_fields):
        instance._indicators_moved = False
        return
    from_database = not instance._state.adding and instance._state.db is not None
    stored = getattr(instance, "_indicators_stored", None) if from_database else None
    if stored is None:
        stored = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    instance._indicators_moved = stored is not None and stored != tuple(getattr(instance, f) for f in fields)


def on_moved(sender, instance, raw=False, update_fields=None, **kwargs):
    """What is counted with the object's track or day follows it, in the same transaction."""
    fields, counted = DEPENDENTS[sender]
    written = _names(sender, fields) & set(update_fields or ())
    if update_fields is None or written == _names(sender, fields):
        instance._indicators_stored = _values(instance, fields)
    elif written:  # partly written: read next time
        instance._indicators_stored = None
    if raw or not getattr(instance, "_indicators_moved", False):
        return
    instance._indicators_moved = False
    for model, lookup in counted:
        pks = list(model.objects.filter(**{lookup: instance.pk}).values_list("pk", flat=True))
        if pks:
            refresh(model, pks)


def on_tracks_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # track.agencies.add(...): the objects are the ones in pk_set
        refresh(model, list(pk_set or ()))
    else:
        refresh(type(instance), [instance.pk])


def connect():
    for model in ROOTS:
        uid = f"indicators_tally_{model._meta.label_lower}"
        post_save.connect(on_source_written, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(on_source_written, sender=model, dispatch_uid=f"{uid}_deleted")
        tracks = getattr(model, "tracks", None)
        if tracks is not None and hasattr(tracks, "through"):
            m2m_changed.connect(on_tracks_changed, sender=tracks.through, dispatch_uid=f"{uid}_tracks")
    for model in DEPENDENTS:
        uid = f"indicators_tally_{model._meta.label_lower}_moved"
        post_init.connect(on_loaded, sender=model, dispatch_uid=f"{uid}_loaded")
        pre_save.connect(on_moving, sender=model, dispatch_uid=f"{uid}_moving")
        post_save.connect(on_moved, sender=model, dispatch_uid=f"{uid}_moved")
    post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="indicators_tally_audit")
    post_save.connect(on_dispute, sender=FigureDispute, dispatch_uid="indicators_tally_dispute")
