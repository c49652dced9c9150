"""The sweeper's second duty: payments waiting in ``requires_action`` are settled with the PSP,
so an approved, failed or abandoned 3-D Secure challenge settles its payment (and emits its event)
even when nobody asks for the payment again."""

from sqlalchemy import Connection, select

from fincore.payments import store
from fincore.payments.charging import resolve
from fincore.payments.db import payments
from fincore.payments.state import PaymentState


def awaiting_action(connection: Connection, updated_before: int, limit: int = 100) -> list[str]:
    """Ids of payments in requires_action not looked at since ``updated_before``, oldest first."""
    rows = connection.execute(
        select(payments.c.id)
        .where(payments.c.status == "requires_action", payments.c.updated < updated_before)
        .order_by(payments.c.seq)
        .limit(limit)
    ).all()
    return [row.id for row in rows]


async def resolve_awaiting_action(state: PaymentState, older_than_seconds: float) -> int:
    """Ask the PSP about each waiting payment; how many are final now."""
    cutoff = int(state.clock.now() - older_than_seconds)
    settled = 0
    for payment_id in await state.db.read(awaiting_action, cutoff):
        payment = await state.db.read(store.by_id, payment_id)
        settled += (await resolve(state, payment)).status not in store.UNSETTLED
    return settled
