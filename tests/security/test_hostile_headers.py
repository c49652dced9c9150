"""Headers with control characters and oversized idempotency keys.

Control characters other than tab are illegal in HTTP field values; the HTTP server refuses such
a request with a plain 400 before it reaches the app. Tab and bytes above 0x7f are legal on the
wire and reach the app, which refuses an Idempotency-Key that is not printable.
"""

import socket

import httpx
import pytest

ILLEGAL = [b"\x00", b"\x01", b"\x08", b"\x0b", b"\x1b", b"\x7f"]
BODY = b'{"token": "tok_x", "amount": 100, "currency": "usd"}'


def raw_request(url: str, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes no HTTP client library would: (status, body) of the answer."""
    host, port = url.removeprefix("http://").split(":")
    request = head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head_part, _, content = received.partition(b"\r\n\r\n")
    return int(head_part.split(b" ")[1]), content


def pay_head(secret_key: str, extra: bytes) -> bytes:
    return (
        b"POST /v1/payments HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + b"Authorization: Bearer "
        + secret_key.encode()
        + b"\r\n"
        + extra
    )


@pytest.mark.parametrize("char", ILLEGAL, ids=lambda c: f"0x{c[0]:02x}")
@pytest.mark.parametrize("header", [b"Idempotency-Key", b"Authorization", b"X-Anything"])
def test_a_control_character_in_a_header_is_a_bad_request(stack, header, char):
    secret = stack.info.merchants[0].secret_key.encode()
    if header == b"Authorization":
        head = b"POST /v1/payments HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        head += b"Authorization: Bearer " + secret[:8] + char + secret[8:] + b"\r\n"
    else:
        head = pay_head(secret.decode(), header + b": key" + char + b"value\r\n")
    status, _ = raw_request(stack.info.payments_url, head, BODY)
    assert status == 400
    assert httpx.get(f"{stack.info.payments_url}/healthz").status_code == 200


@pytest.mark.parametrize("value", [b"key\twith-tab", b"key\x85next-line", b"\xff\xfe"])
def test_legal_but_unprintable_idempotency_keys_reach_the_app_and_are_refused(stack, value):
    secret = stack.info.merchants[0].secret_key
    head = pay_head(secret, b"Idempotency-Key: " + value + b"\r\n")
    status, content = raw_request(stack.info.payments_url, head, BODY)
    if value == b"\xff\xfe":
        # Latin-1 "ÿþ" is printable: it is a valid key and the request goes on to the token.
        assert (status, b"token_not_found" in content) == (400, True)
    else:
        assert (status, b"idempotency_key_invalid" in content) == (400, True)


@pytest.mark.parametrize("length", [256, 1000, 60_000])
def test_an_idempotency_key_over_255_characters_is_refused(merchant, shopper, length):
    token = shopper.token_id()
    response = merchant.pay(token, idempotency_key="k" * length)
    assert (response.status, response.error["code"], response.error["param"]) == (
        400,
        "idempotency_key_invalid",
        "Idempotency-Key",
    )
    # The refused request charged nothing: the token still works.
    assert merchant.pay(token).status == 201


def test_an_idempotency_key_of_255_characters_is_accepted(merchant, shopper):
    token = shopper.token_id()
    first = merchant.pay(token, idempotency_key="k" * 255)
    again = merchant.pay(token, idempotency_key="k" * 255)
    assert (first.status, again.status) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"


def test_the_psp_refuses_idempotency_keys_over_255_characters(stack):
    response = httpx.post(
        f"{stack.info.psp_url}/v1/charges",
        json={"token": "tok_x", "merchant": "m", "amount": 100, "currency": "usd"},
        headers={
            "Authorization": f"Bearer {stack.info.platform_key}",
            "Idempotency-Key": "k" * 256,
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "Idempotency-Key"
