"""``connect``: the system a notebook talks to, either the bundled stack or another deployment.

With no URLs the bundled ``LocalStack`` starts inside the kernel on free loopback ports and stops
on ``close()`` or when the kernel exits, leaving no thread, port or file behind. With a target
(``fincore.lab.target``) or URLs and keys the same notebook runs against another deployment (a
staging environment). The PSP's fault injection, ledger and clock are reached over its HTTP test
helpers, so any target offering them (``fault_injection``, ``psp_direct``, ``clock_control``)
serves; what only the bundled stack's own objects offer raises ``NeedsBundledStack``.
"""

import atexit
import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from fincore.cards.test_cards import TestCard
from fincore.common.merchants import MerchantAccount, redact_key
from fincore.lab.clients import ApiResponse, PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackInfo, StackOptions
from fincore.lab.target import Target, TargetMerchant, bundled_target
from fincore.walkthrough.attempts import Attempt, PaymentRequest
from fincore.walkthrough.cards import card_name, cvc_for
from fincore.walkthrough.psp_helpers import PSPTestHelpers


class NeedsBundledStack(RuntimeError):
    """The notebook asked for something only the in-kernel stack exposes."""


@dataclass(frozen=True)
class Closed:
    """What ``close()`` found after stopping: anything still running or on disk is listed."""

    leftovers: list[str] = field(default_factory=list)


def connect(
    psp_url: str | None = None,
    payments_url: str | None = None,
    *,
    publishable_key: str | None = None,
    secret_key: str | None = None,
    stack_options: StackOptions | None = None,
    target: Target | None = None,
) -> "Connection":
    """Start the bundled stack (URLs None) or check that the given deployment answers.

    ``stack_options`` configure the bundled stack only; another deployment has its own settings.
    A ``target`` names the deployment, its keys and capabilities in one; URLs and keys then stay
    None.
    """
    if target is not None:
        if psp_url or payments_url or publishable_key or secret_key:
            raise ValueError("Give either a target or URLs and keys, not both.")
        for name, url in (("PSP", target.psp_url), ("Payment Service", target.payments_url)):
            _check_reachable(name, url)
        return Connection(target)
    if psp_url is None and payments_url is None:
        if publishable_key or secret_key:
            raise ValueError(
                "Keys belong to another deployment: set psp_url and payments_url too, or leave "
                "all four None to start the bundled stack with its own demo keys."
            )
        return Connection.bundled_stack(stack_options or StackOptions())
    if not (psp_url and payments_url and publishable_key and secret_key):
        given = {
            "psp_url": psp_url,
            "payments_url": payments_url,
            "publishable_key": publishable_key,
            "secret_key": secret_key,
        }
        missing = ", ".join(name for name, value in given.items() if not value)
        raise ValueError(
            f"To run against another deployment, set {missing} as well "
            "(or leave every URL and key None to start the bundled stack)."
        )
    for name, url in (("PSP", psp_url), ("Payment Service", payments_url)):
        _check_reachable(name, url)
    # URLs and keys alone: a bare target, offering no capability beyond the public APIs.
    return Connection(
        Target(
            name="deployment",
            psp_url=psp_url,
            payments_url=payments_url,
            publishable_key=publishable_key,
            secret_key=secret_key,
        )
    )


class Connection:
    """Clients for the PSP (as the card iframe) and the Payment Service (as merchant backend)."""

    def __init__(
        self,
        target: Target,
        stack: LocalStack | None = None,
        threads: list[threading.Thread] | None = None,
    ) -> None:
        self.target = target
        self.psp_url = target.psp_url.rstrip("/")
        self.payments_url = target.payments_url.rstrip("/")
        self.publishable_key = publishable_key = target.publishable_key
        self.secret_key = secret_key = target.secret_key
        psp_url, payments_url = self.psp_url, self.payments_url
        # The PSP's test helpers, authenticated with the platform key (None: not offered).
        self._helpers = (
            PSPTestHelpers(psp_url, target.platform_key) if target.platform_key else None
        )
        self.shopper = PSPBrowserAPI(psp_url, publishable_key)
        self.merchant = PaymentsAPI(payments_url, secret_key)
        # Idempotency keys get this suffix, so reruns against a shared deployment never collide.
        self.run_id = "run_" + secrets.token_hex(8)
        # Every payment this connection created (failed ones too), oldest first.
        self.created: list[str] = []
        self._stack = stack
        self._threads = threads or []
        self._closed: Closed | None = None
        if stack is not None:
            atexit.register(self.close)

    @classmethod
    def bundled_stack(cls, options: StackOptions) -> "Connection":
        before = set(threading.enumerate())
        stack = LocalStack(options)
        try:
            stack.start()
        except BaseException:
            stack.stop()
            raise
        # The stack's servers run in threads named fincore-<service>; close() checks they ended.
        threads = [
            t for t in threading.enumerate() if t not in before and t.name.startswith("fincore-")
        ]
        info, merchant = stack.info, stack.info.merchants[0]
        target = bundled_target(
            info.psp_url, info.payments_url, merchant.publishable_key, merchant.secret_key
        )
        # The bundled stack's PSP has its test helpers on; the platform key reaches them.
        merchants = [TargetMerchant(**m.model_dump(mode="json")) for m in info.merchants]
        target = target.model_copy(
            update={
                "platform_key": info.platform_key,
                "merchant_url": info.merchant_url,
                "cdn_url": info.cdn_url,
                "data_dir": str(info.data_dir),
                "merchants": merchants,
            }
        )
        return cls(target, stack=stack, threads=threads)

    @property
    def bundled(self) -> bool:
        """True when the stack runs inside this kernel (started by ``connect``)."""
        return self._stack is not None

    @property
    def stack(self) -> LocalStack:
        if self._stack is None:
            raise NeedsBundledStack(
                "This step reaches inside the bundled stack's own objects (its trace, its merchant "
                "app): run the notebook with no target and psp_url and payments_url None."
            )
        return self._stack

    @property
    def merchant_url(self) -> str | None:
        return self.target.merchant_url

    @property
    def info(self) -> StackInfo:
        """Where each service is and the merchants' keys, as the bundled stack describes itself:
        the browser demonstrations take either."""
        if self._stack is not None:
            return self._stack.info
        merchants = [
            MerchantAccount(**m.model_dump())
            for m in [self._own_merchant(), *self.target.merchants]
            if m is not None
        ]
        unique = list({m.secret_key: m for m in merchants}.values())
        return StackInfo(
            self.psp_url,
            self.payments_url,
            Path(self.target.data_dir or "."),
            unique,
            merchant_url=self.target.merchant_url,
            cdn_url=self.target.cdn_url,
            platform_key=self.target.platform_key or "",
        )

    def _own_merchant(self) -> TargetMerchant | None:
        listed = [m for m in self.target.merchants if m.secret_key == self.secret_key]
        if listed:
            return listed[0]
        return TargetMerchant(
            id="merchant",
            name=self.target.name,
            publishable_key=self.publishable_key,
            secret_key=self.secret_key,
            allowed_origins=[],
        )

    @property
    def helpers(self) -> PSPTestHelpers:
        """The PSP's test helpers over HTTP: faults, the charge ledger, the clock."""
        if self._helpers is None:
            raise NeedsBundledStack(
                f"The target {self.target.name} gives no platform key: the PSP's test helpers "
                "(fault injection, ledger, clock) are out of reach."
            )
        return self._helpers

    @property
    def faults(self) -> PSPTestHelpers:
        """The PSP's fault plan: make its next charges slow, fail, or lose their response."""
        return self.helpers

    def charges_for_token(self, token: str) -> int:
        """How many charges the PSP made against ``token``: the exactly-once evidence."""
        return self.helpers.charges_for_token(token)

    def key(self, label: str) -> str:
        """An idempotency key for ``label``, unique to this run."""
        return f"{label}-{self.run_id}"

    def tokenize(self, card: TestCard) -> str:
        """Steps 5-6: the card iframe sends the card to the PSP and gets a one-time token."""
        return self.shopper.token_id(card.number, cvc=cvc_for(card.number))

    def pay(self, request: PaymentRequest) -> ApiResponse:
        """Step 10: the merchant backend charges a token through the Payment Service."""
        extra = {"description": request.description} if request.description is not None else {}
        response = self.merchant.pay(
            request.token,
            request.amount,
            request.currency,
            idempotency_key=request.idempotency_key,
            **extra,
        )
        found = response.body.get("id") or response.error.get("payment")
        if found and found not in self.created:
            self.created.append(str(found))
        return response

    def charge(
        self,
        card: TestCard,
        amount: int,
        currency: str,
        *,
        key: str | None = None,
        description: str | None = None,
    ) -> Attempt:
        """Tokenize ``card`` and charge it; the attempt knows what it should have answered.

        The description defaults to the card's name, so listings say which card each payment was.
        """
        description = description if description is not None else card_name(card.number)
        request = PaymentRequest(self.tokenize(card), amount, currency, key, description)
        return Attempt(card, request, self.pay(request))

    def resend(self, attempt: Attempt) -> Attempt:
        """Send exactly the same request again, as a merchant retrying after a timeout does."""
        return Attempt(attempt.card, attempt.request, self.pay(attempt.request))

    def request(
        self,
        method: str,
        path: str,
        *,
        key: str | None,
        service: str = "payments",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> ApiResponse:
        """Any HTTP request to ``service`` ("payments" or "psp"), authenticated with ``key``.

        ``kwargs`` go to ``httpx.request`` (``json=``, ``content=``, ``params=``).
        """
        base = {"payments": self.payments_url, "psp": self.psp_url}[service]
        sent = {"Authorization": f"Bearer {key}"} if key is not None else {}
        sent.update(headers or {})
        raw = httpx.request(method, base + path, headers=sent, timeout=30, **kwargs)
        try:
            body = raw.json()
        except ValueError:
            body = {"raw": raw.text}
        return ApiResponse(raw.status_code, body, raw.headers)

    def close(self) -> Closed:
        """Stop the bundled stack (if this connection started it) and report anything left over."""
        if self._closed is not None:
            return self._closed
        self.shopper.close()
        self.merchant.close()
        if self._helpers is not None:
            self._helpers.close()
        leftovers: list[str] = []
        if self._stack is not None:
            atexit.unregister(self.close)
            info = self._stack.info
            urls = [info.psp_url, info.payments_url, info.cdn_url, info.merchant_url]
            own_data = self._stack.options.data_dir is None
            self._stack.stop()
            leftovers += [f"{url} still accepts connections" for url in urls if url and _open(url)]
            leftovers += [f"thread {t.name} still runs" for t in self._threads if t.is_alive()]
            if own_data and Path(info.data_dir).exists():
                leftovers.append(f"{info.data_dir} still exists")
        self._closed = Closed(leftovers)
        return self._closed

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = (
            "the bundled stack, running in this kernel"
            if self.bundled
            else f"the target {self.target.name}"
        )
        return (
            f"Connected to {where}:\n"
            f"  PSP (steps 5-6, tokens):        {self.psp_url}\n"
            f"  Payment Service (step 10):      {self.payments_url}\n"
            f"  merchant keys:                  {redact_key(self.publishable_key)}, "
            f"{redact_key(self.secret_key)}"
        )


def _check_reachable(name: str, url: str) -> None:
    try:
        httpx.get(f"{url.rstrip('/')}/healthz", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        raise ConnectionError(f"The {name} at {url} does not answer /healthz: {error}") from error


def _open(url: str) -> bool:
    """Whether something still accepts TCP connections at ``url``'s host and port."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False
