"""The 用印 fixtures, shared with the anchor tests."""

from tests.services.seals.conftest import leaders_on_staff, party_seal  # noqa: F401
