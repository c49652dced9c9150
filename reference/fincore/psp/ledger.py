"""Read-only views of what the PSP recorded, for tests and notebooks that count charges and
the captures, voids and refunds made on them."""

from sqlalchemy import func, select

from fincore.psp.db import charge_operations, charges
from fincore.psp.state import PSPState


def charges_for_token(state: PSPState, token_id: str) -> int:
    """How many charges the PSP made against one token: the exactly-once check."""
    with state.engine.connect() as connection:
        count: int = connection.execute(
            select(func.count()).select_from(charges).where(charges.c.token_id == token_id)
        ).scalar_one()
    return count


def charge_ids_for_token(state: PSPState, token_id: str) -> list[str]:
    """The ids of the PSP's charges against one token, oldest first."""
    with state.engine.connect() as connection:
        rows = connection.execute(
            select(charges.c.id).where(charges.c.token_id == token_id).order_by(charges.c.seq)
        ).all()
    return [row.id for row in rows]


def operations_on_charge(state: PSPState, charge_id: str, kind: str) -> int:
    """How many captures, voids or refunds (``kind``) the PSP made on one charge."""
    with state.engine.connect() as connection:
        count: int = connection.execute(
            select(func.count())
            .select_from(charge_operations)
            .where(charge_operations.c.charge_id == charge_id, charge_operations.c.kind == kind)
        ).scalar_one()
    return count
