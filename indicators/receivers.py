"""Keeps the indicators' tallies in step with the data, in the same transaction as each change.

A saved or deleted source object refreshes the metrics it feeds (``sources.ROOTS``); an audit entry
or a figure dispute refreshes the match request it is about; a change of covered tracks refreshes
the agency, centre or scenario. Changes no signal sees (queryset updates, a listing moving track
under its requests) are caught by the nightly ``core.rebuild_tallies``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import tallies
from core.models import AuditEntry
from dealflow.models import MatchRequest
from network.models import FigureDispute

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
    post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="indicators_tally_audit")
    post_save.connect(on_dispute, sender=FigureDispute, dispatch_uid="indicators_tally_dispute")
