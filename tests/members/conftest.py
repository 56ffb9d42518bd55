import pytest

from tests.members.factories import make_directory


@pytest.fixture
def directory(home):
    return make_directory(home)
