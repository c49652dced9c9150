"""The 3-D Secure challenge page the PSP serves in the SDK's frame (step 15), and the result page
that tells the SDK how it ended (step 16).

A mock of an issuer's challenge with the real shape: who is paid and how much, and an accessible
form with Approve and Fail. Its ``frame-ancestors`` are the merchant's registered origins (as for
the card fields), its scripts run only with the page's nonce, and the result page posts one
message, ``fincore:three-ds-result`` with the final status, to the one origin that opened it.
"""

import html
import json
import secrets
from dataclasses import dataclass
from string import Template

from fincore.common.currencies import format_amount
from fincore.common.merchants import MerchantAccount
from fincore.psp.fields import frame_ancestors

RESULT_MESSAGE = "fincore:three-ds-result"
PROTOCOL = "fincore/1"

_STYLE = (
    "body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:24px;color:#1f2933}"
    "h1{font-size:20px;margin:0 0 12px}dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}"
    "dt{color:#52606d}button{font:inherit;padding:10px 18px;margin:12px 12px 0 0;"
    "border-radius:6px;border:1px solid #3e4c59;cursor:pointer}"
    "button[value=approve]{background:#0b6e4f;color:#fff;border-color:#0b6e4f}"
    "button:focus-visible{outline:3px solid #2680c2;outline-offset:2px}"
)

_CHALLENGE = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Confirm your payment</title>
<style nonce="$nonce">$style</style></head>
<body><main aria-label="3-D Secure">
<h1 id="challenge-title">Confirm this payment with your bank</h1>
<p>This is a test 3-D Secure challenge: approve it to authenticate, or fail it.</p>
<dl><dt>Merchant</dt><dd id="challenge-merchant">$merchant</dd>
<dt>Amount</dt><dd id="challenge-amount">$amount</dd>
<dt>Card</dt><dd>&bull;&bull;&bull;&bull; $last4</dd></dl>
<form method="post" action="$action" aria-labelledby="challenge-title">
<input type="hidden" name="nonce" value="$form_nonce">
<input type="hidden" name="origin" value="$origin">
<input type="hidden" name="channel" id="channel" value="">
<button type="submit" name="result" value="approve">Approve</button>
<button type="submit" name="result" value="fail">Fail authentication</button>
</form></main>
<script nonce="$nonce">
// The channel is in the fragment (never sent to a server): carried into the form's answer.
var given = new URLSearchParams(location.hash.slice(1)).get('channel');
document.getElementById('channel').value = given || '';
</script></body></html>
""")

_RESULT = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Payment confirmation</title>
<style nonce="$nonce">$style</style></head>
<body><main aria-label="3-D Secure"><p role="status" id="challenge-result">$text</p></main>
<script nonce="$nonce">
(function () {
  var message = $message;
  var origin = $origin;
  // Shown again after the answer (a reload, a replay): the channel is then in the fragment.
  var given = new URLSearchParams(location.hash.slice(1)).get('channel');
  if (!message.channel) message.channel = given || '';
  if (window.parent !== window) window.parent.postMessage(message, origin);
})();
</script></body></html>
""")


@dataclass(frozen=True)
class ChallengePage:
    body: str
    headers: dict[str, str]


def _headers(merchant: MerchantAccount, nonce: str) -> dict[str, str]:
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src 'nonce-{nonce}'",
            f"style-src 'nonce-{nonce}'",
            "form-action 'self'",
            "base-uri 'none'",
            f"frame-ancestors {frame_ancestors(merchant)}",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }


def challenge(
    merchant: MerchantAccount,
    origin: str,
    action: str,
    form_nonce: str,
    amount: int,
    currency: str,
    last4: str,
) -> ChallengePage:
    """The challenge form for one charge, to be framed by ``origin``."""
    nonce = secrets.token_urlsafe(16)
    values = {
        "nonce": nonce,
        "style": _STYLE,
        "merchant": merchant.name,
        "amount": format_amount(amount, currency),
        "last4": last4,
        "action": action,
        "form_nonce": form_nonce,
        "origin": origin,
    }
    escaped = {key: html.escape(value, quote=True) for key, value in values.items()}
    escaped["style"] = _STYLE
    return ChallengePage(_CHALLENGE.substitute(escaped), _headers(merchant, nonce))


def result(
    merchant: MerchantAccount, origin: str, channel: str, charge_id: str, status: str
) -> ChallengePage:
    """The page that tells the SDK's frame owner, and only it, how the charge ended."""
    nonce = secrets.token_urlsafe(16)
    message = {
        "protocol": PROTOCOL,
        "channel": channel,
        "type": RESULT_MESSAGE,
        "payload": {"charge": charge_id, "status": status},
    }
    text = "Payment confirmed." if status == "succeeded" else "The payment was not confirmed."
    body = _RESULT.substitute(
        nonce=nonce,
        style=_STYLE,
        text=html.escape(text),
        # JSON inside a script: '<' escaped so no value can close the script element.
        message=json.dumps(message).replace("<", "\\u003c"),
        origin=json.dumps(origin).replace("<", "\\u003c"),
    )
    return ChallengePage(body, _headers(merchant, nonce))
