"""3-D Secure in the notebooks: each 3-D Secure test card through the demo checkout in Chromium,
with what the page received (frames, messages) and how the payment moved (its events).

Async, because Jupyter's kernel already runs an event loop::

    runs = await three_ds_tour(stack)
    display(Table(RUN_COLUMNS, [run.row() for run in runs]))
"""

from dataclasses import dataclass

from fincore.architecture.hop import Hop
from fincore.cards.test_cards import (
    THREE_DS_CHALLENGE_PAN,
    THREE_DS_FRICTIONLESS_PAN,
    THREE_DS_UNAVAILABLE_PAN,
)
from fincore.lab.clients import PaymentsAPI
from fincore.lab.shopper import shopper_session
from fincore.lab.stack import LocalStack
from fincore.lab.three_ds_shopper import Answer, ThreeDSCheckout, checkout_3ds

# (card, what the shopper does if challenged, what the scenario shows)
SCENARIOS: tuple[tuple[str, Answer, str], ...] = (
    (THREE_DS_FRICTIONLESS_PAN, "approve", "frictionless"),
    (THREE_DS_CHALLENGE_PAN, "approve", "challenge, approved"),
    (THREE_DS_CHALLENGE_PAN, "fail", "challenge, failed"),
    (THREE_DS_UNAVAILABLE_PAN, "approve", "authentication unavailable"),
)
RUN_COLUMNS = ["scenario", "card", "challenge shown", "SDK outcome", "page shows", "events"]


@dataclass(frozen=True)
class ThreeDSRun:
    scenario: str
    card: str
    result: ThreeDSCheckout
    hops: list[Hop]
    # The payment's events, oldest first: how its status moved.
    events: list[str]

    def row(self) -> tuple[str, ...]:
        shown = "yes" if self.result.challenge else "no"
        sdk = self.result.authentication or "(no challenge)"
        return (self.scenario, self.card, shown, sdk, self.result.message, " → ".join(self.events))


async def three_ds_tour(stack: LocalStack) -> list[ThreeDSRun]:
    """Every 3-D Secure scenario once, in one Chromium, on the bundled stack."""
    merchant = PaymentsAPI(stack.info.payments_url, stack.info.merchants[0].secret_key)
    checkout_url = stack.info.merchant_url or ""
    runs = []
    try:
        async with shopper_session() as browser:
            for number, answer, scenario in SCENARIOS:
                since = stack.trace.mark()
                result = await checkout_3ds(browser, checkout_url, stack.trace, number, answer)
                hops = stack.trace.hops(since)
                runs.append(ThreeDSRun(scenario, number, result, hops, _latest_events(merchant)))
    finally:
        merchant.close()
    return runs


def _latest_events(merchant: PaymentsAPI) -> list[str]:
    """The event types of the merchant's newest payment, oldest first."""
    payment = merchant.list(limit=1).body["data"][0]["id"]
    events = merchant.events(limit=100).body["data"]
    return [e["type"] for e in reversed(events) if e["data"]["object"]["id"] == payment]
