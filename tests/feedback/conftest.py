import pytest

from tests.activities.factories import OrganisationFactory, organiser_of
from tests.peers.factories import UserFactory


@pytest.fixture
def organiser(db):
    """Someone who runs a verified group and holds no other role."""
    return organiser_of(OrganisationFactory(), UserFactory())
