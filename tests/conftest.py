from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, connections
from django.db.models import signals
from django.utils import translation

from accounts.roles import Role
from tests.factories import OrganisationFactory, create_tracks, user_with_role

# What the migrations create and a flush removes: Wagtail's locales (with its root page, default site
# and root collection), the glossary seeded from taxonomy, the beat schedule.
MIGRATED_MARKER = "SELECT 1 FROM wagtailcore_locale LIMIT 1"


def _reused_database_was_flushed():
    """Whether the kept test database exists but lost what its migrations created.

    A transactional test ends with a flush (TRUNCATE of every table). Within one run that is harmless:
    pytest-django runs those tests last. But ``--reuse-db`` keeps the database for the next run,
    which then starts without Wagtail's locale, root page and site, and serialized rollback (the
    browser tests) would snapshot that empty state.
    """
    if connection.vendor != "postgresql":
        return False  # the embedded default's SQLite test database is made fresh each run
    # A connection of its own to the test database (the settings of "default" stay untouched).
    default = connections["default"]
    probe = type(default)({**default.settings_dict, "NAME": default.creation._get_test_db_name()}, "probe")
    try:
        with probe.cursor() as cursor:
            cursor.execute(MIGRATED_MARKER)
            return cursor.fetchone() is None
    except DatabaseError:  # no kept database (or no tables yet): the normal setup makes it
        return False
    finally:
        probe.close()


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_blocker):
    """``--create-db``, and also when a reused database was left flushed (an interrupted run)."""
    if request.config.getvalue("create_db"):
        return True
    if not request.config.getvalue("reuse_db"):
        return False
    with django_db_blocker.unblock():
        return _reused_database_was_flushed()


@contextmanager
def _receivers_muted():
    """Rows put back as they were: no save receiver runs meanwhile (it would queue index updates in
    the outbox or raise page-cache counters, clashing with the restored rows)."""
    muted = (
        signals.pre_save,
        signals.post_save,
        signals.m2m_changed,
        signals.pre_delete,
        signals.post_delete,
    )
    kept = [(signal, signal.receivers) for signal in muted]
    for signal in muted:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in kept:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """With ``--reuse-db``, put back what the migrations created when the run's transactional tests
    flushed it, so the next run starts from a migrated database (as serialized rollback does
    between browser tests: flush without post-migrate, then the snapshot taken at the start)."""
    if not django_db_keepdb:
        yield
        return
    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(MIGRATED_MARKER)
            flushed = cursor.fetchone() is None
        if flushed:
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            with _receivers_muted():
                connection.creation.deserialize_db_from_string(snapshot)
            # The flush restarted every sequence; the restored rows keep their ids.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), apps.get_models(include_auto_created=True)
                ):
                    cursor.execute(sql)


@pytest.fixture(autouse=True)
def _media_and_language(settings):
    # Each test starts in the default language whatever the one before it switched to.

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def tracks(db):
    return create_tracks()


@pytest.fixture
def university(db):
    return OrganisationFactory(name="天津测试大学", name_en="Tianjin Test University", kind="university")


@pytest.fixture
def enterprise_org(db):
    return OrganisationFactory(name="滨海测试科技有限公司", name_en="Binhai Test Tech Co.", kind="enterprise")


@pytest.fixture
def researcher(university):
    return user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")


@pytest.fixture
def enterprise_user(enterprise_org):
    return user_with_role(Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理")


@pytest.fixture
def investor(db):
    return user_with_role(Role.INVESTOR, display_name="钱投资")


@pytest.fixture
def broker(db):
    return user_with_role(Role.BROKER, display_name="孙经纪")


@pytest.fixture
def editor(db):
    return user_with_role(Role.EDITOR, display_name="周编辑")
