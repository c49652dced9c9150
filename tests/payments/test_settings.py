"""Secrets refuse their development defaults outside development."""

import pytest
from pydantic import ValidationError

from fincore.payments.settings import PaymentSettings
from fincore.psp.settings import PSPSettings


def test_production_refuses_the_development_psp_key(tmp_path):
    with pytest.raises(ValidationError, match="psp_secret_key"):
        PaymentSettings(environment="production", data_dir=tmp_path)
    PaymentSettings(environment="production", data_dir=tmp_path, psp_secret_key="psp_sk_live_x")


def test_production_psp_refuses_the_development_platform_key(tmp_path):
    with pytest.raises(ValidationError, match="platform_secret_key"):
        PSPSettings(environment="production", data_dir=tmp_path)


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FINCORE_PAYMENTS_PSP_ATTEMPTS", "7")
    monkeypatch.setenv("FINCORE_PAYMENTS_ENVIRONMENT", "development")
    monkeypatch.setenv("FINCORE_PAYMENTS_DATA_DIR", str(tmp_path))
    assert PaymentSettings().psp_attempts == 7
