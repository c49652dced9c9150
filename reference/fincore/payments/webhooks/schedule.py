"""When a failed delivery is tried again: sooner at first (a blip), then further apart, for a
little over three days in all, so an endpoint down over a long weekend still gets its events."""

MINUTE = 60
HOUR = 60 * MINUTE
# The wait after the 1st, 2nd, ... failed attempt; after the last, the delivery has failed.
RETRY_DELAYS = (
    1 * MINUTE,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    10 * HOUR,
    24 * HOUR,
    24 * HOUR,
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def retry_delay(attempts_made: int) -> int | None:
    """Seconds until the next attempt after ``attempts_made`` failed ones; None: give up."""
    if attempts_made < 1:
        raise ValueError("a delay follows a failed attempt")
    if attempts_made > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[attempts_made - 1]
