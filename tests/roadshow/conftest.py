import pytest

from tests.factories.roadshow import PitchFactory, RoadshowSessionFactory, TechnologyFactory


@pytest.fixture
def technology(researcher, university, tracks):
    return TechnologyFactory(organisation=university, track=tracks[6], created_by=researcher)


@pytest.fixture
def session(tracks):
    return RoadshowSessionFactory(track=tracks[6])


@pytest.fixture
def scheduled_pitch(technology, researcher, session):
    return PitchFactory(technology=technology, applicant=researcher, status="accepted", session=session)
