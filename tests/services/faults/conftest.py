"""The 用印 fixtures, shared with the anchor tests."""

from tests.services.seals.conftest import party_seal  # noqa: F401
