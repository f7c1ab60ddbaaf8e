"""Fixtures for the big screen: a booked meeting whose signing window is open."""
from datetime import timedelta

import pytest

from tests.screen.helpers import Booked, book_open_meeting


@pytest.fixture
def booked(ceremony) -> Booked:
    """Two enterprises, one signer each, one document with controls, booked to start in 10 minutes."""
    return book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
