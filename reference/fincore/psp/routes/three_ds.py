"""``/3ds/v1/charges/{id}/challenge``: the 3-D Secure challenge the SDK frames (steps 15-16).

Browser pages, not API operations, so they stay out of the OpenAPI document (like the card
fields). The page is served only for an origin the charge's merchant registered, and its
``frame-ancestors`` let only that merchant's origins frame it. The form's answer is applied once
(``fincore.psp.authentication``); a replay shows the settled outcome and changes nothing.
"""

import re
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from fincore.common.errors import InvalidRequestError, NotFoundError
from fincore.common.merchants import MerchantAccount
from fincore.psp import authentication, challenge_page, error_codes
from fincore.psp.deps import State
from fincore.psp.state import PSPState

router = APIRouter(tags=["3-D Secure"], include_in_schema=False)

CHANNEL = re.compile(r"^[0-9a-f]{32}$")
RESULTS = {"approve": True, "fail": False}
FORM = "application/x-www-form-urlencoded"


@router.get(authentication.CHALLENGE_PATH)
async def challenge(
    charge_id: str,
    state: State,
    origin: Annotated[str, Query(max_length=300)],
) -> HTMLResponse:
    """The challenge for one charge, framed by ``origin`` (a page of its merchant)."""
    now = state.clock.now()
    row, merchant = await _authenticated_charge(state, charge_id)
    _check_origin(merchant, origin)
    if authentication.is_due(row, now):
        row = await state.db.write(authentication.expire_if_due, row, now)
    if row.three_ds_status == "pending":
        action = authentication.CHALLENGE_PATH.format(charge_id=charge_id)
        page = challenge_page.challenge(
            merchant,
            origin,
            action,
            authentication.nonce(state.settings.platform_secret_key, charge_id),
            row.amount,
            row.currency,
            row.last4,
        )
    else:
        page = challenge_page.result(merchant, origin, "", charge_id, row.status)
    return HTMLResponse(page.body, headers=page.headers)


@router.post(authentication.CHALLENGE_PATH)
async def answer(
    charge_id: str,
    state: State,
    request: Request,
    content_type: Annotated[str, Header()] = "",
) -> HTMLResponse:
    """The shopper's answer. Applied once; a forged one (another session's nonce) is refused."""
    if content_type.split(";")[0].strip().lower() != FORM:
        raise _invalid("Send the challenge form as application/x-www-form-urlencoded.", None)
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    fields = {name: values[0] for name, values in form.items() if len(values) == 1}
    result, origin, channel = fields.get("result"), fields.get("origin", ""), fields.get("channel")
    if result not in RESULTS:
        raise _invalid("result must be 'approve' or 'fail'.", "result")
    if channel is None or not CHANNEL.match(channel):
        raise _invalid("channel must be the SDK's 32-character channel id.", "channel")
    _, merchant = await _authenticated_charge(state, charge_id)
    _check_origin(merchant, origin)
    secret = state.settings.platform_secret_key
    if not authentication.nonce_matches(secret, charge_id, fields.get("nonce", "")):
        raise _invalid(
            "This answer was not issued for this authentication session.", "nonce", status=403
        )
    approved = RESULTS[result]
    settled = await state.db.write(authentication.complete, charge_id, approved, state.clock.now())
    page = challenge_page.result(merchant, origin, channel, charge_id, settled.status)
    return HTMLResponse(page.body, headers=page.headers)


async def _authenticated_charge(state: PSPState, charge_id: str) -> tuple[Any, MerchantAccount]:
    """The charge row (with its authentication) and its merchant; 404 when it has none."""
    row = await state.db.read(authentication.charge_row, charge_id)
    merchant_id = getattr(row, "merchant_id", None)
    found = [m for m in state.merchants if m.id == merchant_id]
    if row is None or getattr(row, "three_ds_id", None) is None or not found:
        raise NotFoundError(
            error_codes.RESOURCE_MISSING,
            f"No 3-D Secure authentication for charge '{charge_id}'.",
            "charge",
        )
    return row, found[0]


def _check_origin(merchant: MerchantAccount, origin: str) -> None:
    if origin not in merchant.allowed_origins:
        raise InvalidRequestError(
            error_codes.ORIGIN_NOT_ALLOWED,
            "This origin is not registered for the merchant; add it to its allowed origins.",
            "origin",
            status_code=403,
        )


def _invalid(message: str, param: str | None, status: int = 400) -> InvalidRequestError:
    return InvalidRequestError(
        error_codes.AUTHENTICATION_RESULT_INVALID, message, param, status_code=status
    )
