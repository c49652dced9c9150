"""The retry schedule: growing delays spanning more than three days, then the delivery fails."""

import pytest

from fincore.payments.webhooks.schedule import MAX_ATTEMPTS, RETRY_DELAYS, retry_delay

DAY = 86_400


def test_delays_grow_and_span_at_least_three_days():
    assert list(RETRY_DELAYS) == sorted(RETRY_DELAYS)
    assert RETRY_DELAYS[0] == 60
    assert sum(RETRY_DELAYS) >= 3 * DAY


def test_each_failed_attempt_but_the_last_gets_the_next_delay():
    assert [retry_delay(n) for n in range(1, MAX_ATTEMPTS)] == list(RETRY_DELAYS)
    assert retry_delay(MAX_ATTEMPTS) is None


def test_there_is_no_delay_before_any_attempt():
    with pytest.raises(ValueError):
        retry_delay(0)
