"""Consent logic: policy versions, declarations, the consent cookie and proof of consent."""

import pytest

from cookies.consent import current_policy, request_reconsent


@pytest.mark.django_db
def test_request_reconsent_bumps_the_policy_version():
    before, __ = current_policy()
    version = request_reconsent("Material change to the notice", revision_id=42)
    assert version > before
    assert current_policy() == (version, 42)
    assert request_reconsent("Another change") > version
    assert current_policy()[1] is None
