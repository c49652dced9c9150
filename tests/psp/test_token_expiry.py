"""Tokens expire: tested by moving an injected clock, never by sleeping."""

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI


def test_a_token_past_its_lifetime_is_refused_and_its_card_forgotten(clocked_stack, clock):
    info = clocked_stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
    fresh, stale = shopper.token_id(), shopper.token_id()
    clock.advance(899)
    assert merchant.pay(fresh).status == 201
    clock.advance(1)
    refused = merchant.pay(stale)
    assert refused.status == 400
    assert refused.error["code"] == "token_expired"
    assert refused.error["param"] == "token"
    from sqlalchemy import select

    from fincore.psp.db import tokens

    with clocked_stack.psp_state.engine.connect() as connection:
        sealed = connection.execute(
            select(tokens.c.encrypted_pan).where(tokens.c.id == stale)
        ).scalar()
    assert sealed is None
