"""The cards behind tokens that expire without ever being presented are wiped by the sweeper."""

import sqlalchemy

from fincore.lab.clients import PSPBrowserAPI
from fincore.psp.token_sweeper import sweep


def stored_cards(stack) -> dict[str, bytes | None]:
    with stack.psp_state.db.engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT id, encrypted_pan FROM tokens"))
        return {row.id: row.encrypted_pan for row in rows}


def test_an_expired_token_that_was_never_presented_has_its_card_wiped(clocked_stack, clock):
    info = clocked_stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    expired, alive = shopper.token_id(), None
    clock.advance(clocked_stack.psp_state.settings.token_ttl_seconds + 1)
    alive = shopper.token_id()
    assert stored_cards(clocked_stack)[expired] is not None
    assert clocked_stack.call_in("psp", sweep(clocked_stack.psp_state)) == 1
    cards = stored_cards(clocked_stack)
    assert cards[expired] is None
    assert cards[alive] is not None
    shopper.close()
