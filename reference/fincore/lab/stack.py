"""The whole reference system on 127.0.0.1, in-process: what notebooks and tests stand on.

    with LocalStack() as stack:
        stack.info.payments_url, stack.info.merchants[0].secret_key, ...

Every service gets a port the OS picks; sockets are bound before any app is built, so each app can
be told the others' URLs (the PSP must know the merchant's origin to allow it to frame the card
fields). ``fincore up`` runs the same stack from the command line.
"""

import json
import tempfile
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from fincore import cdn, merchant, payments, psp
from fincore.common.clock import Clock
from fincore.common.keys import new_development_key
from fincore.common.merchants import MerchantAccount, demo_merchants
from fincore.common.sdk_dist import load_build
from fincore.evidence.trace_recorder import StackTrace
from fincore.hosting.server import ThreadedServer, bind_free_port
from fincore.lab.merchant_webhooks import register_merchant_webhook
from fincore.lab.scaleout.cluster import PaymentCluster
from fincore.lab.scaleout.postgres import TemporaryPostgres
from fincore.tripwire.recorder import TrafficRecorder
from fincore.tripwire.report import OUT_OF_SCOPE, TripwireReport, build_report, stack_folders

T = TypeVar("T")
# What a stack started by ``fincore up`` offers a notebook in another process (fincore.lab.target).
READY_FILE_CAPABILITIES = (
    "merchant_page",
    "psp_direct",
    "fault_injection",
    "clock_control",
    "second_merchant",
    "storage_access",
)


@dataclass
class StackInfo:
    """What a client of the stack needs: where each service is, and the demo merchants' keys."""

    psp_url: str
    payments_url: str
    data_dir: Path
    merchants: list[MerchantAccount]
    merchant_url: str | None = None
    cdn_url: str | None = None
    # This run's random platform key (the PSP and the Payment Service share it): for tests and
    # notebooks that call the PSP's charge API as the Payment Service does.
    platform_key: str = ""

    def payments_environment(self) -> dict[str, str]:
        """What a separate Payment Service process needs to join this development stack."""
        return development_payments_environment(self.platform_key)

    def as_json(self, name: str = "fincore-up") -> dict[str, Any]:
        """The ready file: a target file (``fincore.lab.target``) the notebooks can run against.

        The first merchant's keys are the target's; this stack's PSP has its test helpers on and
        its folders are on this machine, so it offers every capability a target file may name.
        """
        first = self.merchants[0]
        data: dict[str, Any] = {
            "name": name,
            "publishable_key": first.publishable_key,
            "secret_key": first.secret_key,
            "capabilities": list(READY_FILE_CAPABILITIES),
            "psp_url": self.psp_url,
            "payments_url": self.payments_url,
            "platform_key": self.platform_key,
            "data_dir": str(self.data_dir),
            "merchants": [
                {
                    "id": m.id,
                    "name": m.name,
                    "publishable_key": m.publishable_key,
                    "secret_key": m.secret_key,
                    "allowed_origins": list(m.allowed_origins),
                }
                for m in self.merchants
            ],
        }
        if self.merchant_url:
            data["merchant_url"] = self.merchant_url
        if self.cdn_url:
            data["cdn_url"] = self.cdn_url
        return data


@dataclass
class StackOptions:
    data_dir: Path | None = None
    clock: Clock | None = None
    token_ttl_seconds: int = 900
    psp_timeout_seconds: float = 5.0
    psp_attempts: int = 3
    extra_allowed_origins: list[str] = field(default_factory=list)
    # Any other PaymentSettings field, e.g. {"resolve_interval_seconds": 0}.
    payments_settings: dict[str, Any] = field(default_factory=dict)
    # The fincore.js build the CDN and the PSP serve (default: sdk/dist or $FINCORE_SDK_DIST).
    sdk_dist_dir: Path | None = None
    # Scale-out (the physical view): this many Payment Service processes behind nginx, sharing
    # `database_url` (a throwaway PostgreSQL when None). 1 and None: one in-process service.
    payment_instances: int = 1
    database_url: str | None = None
    # Register the demo merchant's webhook endpoint (steps 13-14) at start-up, as `fincore up`
    # does; off by default, so other tests' traces and writes hold no deliveries.
    merchant_webhooks: bool = False


class LocalStack:
    """Start every service on free loopback ports; stop them all on exit."""

    def __init__(self, options: StackOptions | None = None, **overrides: Any) -> None:
        self.options = options or StackOptions(**overrides)
        # Every request each service receives, for the architecture conformance check.
        self._cluster: PaymentCluster | None = None
        self._postgres: TemporaryPostgres | None = None
        self.trace = StackTrace()
        # Everything the components outside PCI scope receive, for the PAN tripwire.
        self.traffic = TrafficRecorder()
        self._servers: list[ThreadedServer] = []
        self._own_tmp: tempfile.TemporaryDirectory[str] | None = None
        self.info: StackInfo
        self.psp_app: Any = None
        self.payments_app: Any = None
        self.cdn_app: Any = None
        self.merchant_app: Any = None

    def __enter__(self) -> "LocalStack":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        data_dir = self._data_dir()
        psp_sock, payments_sock = bind_free_port(), bind_free_port()
        cdn_sock, merchant_sock = bind_free_port(), bind_free_port()
        psp_url = _url(psp_sock.getsockname())
        payments_url = _url(payments_sock.getsockname())
        cdn_url = _url(cdn_sock.getsockname())
        merchant_url = _url(merchant_sock.getsockname())
        # The demo checkout page's origin may frame every demo merchant's card fields.
        merchants = demo_merchants([merchant_url, *self.options.extra_allowed_origins])
        platform_key = new_development_key()
        if self._scaled_out:
            payments_sock.close()
            self._cluster = self._payment_cluster(data_dir, psp_url, merchants, platform_key)
            payments_url = self._cluster.url
        self.psp_app = psp.create_app(
            psp.PSPSettings(
                # A development stack, said explicitly: services default to production.
                environment="development",
                platform_secret_key=platform_key,
                data_dir=data_dir / "psp",
                merchants=merchants,
                token_ttl_seconds=self.options.token_ttl_seconds,
                # A lab stack: tests and notebooks inject faults through the PSP's API.
                test_helpers=True,
            ),
            clock=self.options.clock,
        )
        if not self._scaled_out:
            self.payments_app = payments.create_app(
                payments.PaymentSettings(
                    environment="development",
                    psp_secret_key=platform_key,
                    data_dir=data_dir / "payments",
                    psp_url=psp_url,
                    merchants=merchants,
                    psp_timeout_seconds=self.options.psp_timeout_seconds,
                    psp_attempts=self.options.psp_attempts,
                    # The demo merchant's webhook endpoint is on http://127.0.0.1.
                    **{"webhook_allow_loopback": True, **self.options.payments_settings},
                ),
                clock=self.options.clock,
            )
        build = load_build(self.options.sdk_dist_dir)
        # The PSP serves the iframe side of the same build the CDN serves.
        self.psp_app.state.sdk_dist_dir = build.directory
        self.cdn_app = cdn.create_app(
            cdn.CDNSettings(data_dir=data_dir / "cdn", dist_dir=build.directory)
        )
        self.merchant_app = merchant.create_app(
            merchant.MerchantSettings(
                data_dir=data_dir / "merchant",
                name=merchants[0].name,
                publishable_key=merchants[0].publishable_key,
                secret_key=merchants[0].secret_key,
                payments_url=payments_url,
                psp_origin=psp_url,
                sdk_url=f"{cdn_url}/sdk/{build.version}/{build.sdk.file}",
                sdk_integrity=build.sdk.integrity,
            ),
            clock=self.options.clock,
        )
        # Each service's own trusted_proxies setting (none in a stack: no proxy in front).
        trusted_proxies = {
            "psp": self.psp_state.settings.trusted_proxies,
            "payments": self.payments_app.state.payments.settings.trusted_proxies
            if self.payments_app is not None
            else [],
            "merchant": self.merchant_app.state.settings.trusted_proxies,
        }
        for app, name, sock in (
            (self.psp_app, "psp", psp_sock),
            (self.payments_app, "payments", payments_sock),
            (self.cdn_app, "cdn", cdn_sock),
            (self.merchant_app, "merchant", merchant_sock),
        ):
            if app is None:
                continue  # scaled out: the Payment Service runs as separate processes
            served = self.trace.middleware(name)(app)
            if name in OUT_OF_SCOPE:
                served = self.traffic.middleware(name)(served)
            server = ThreadedServer(served, name, sock, trusted_proxies.get(name, ()))
            self._servers.append(server.start())
        if self._cluster is not None:
            self._cluster.__enter__()
        self.info = StackInfo(
            psp_url,
            payments_url,
            data_dir,
            merchants,
            merchant_url=merchant_url,
            cdn_url=cdn_url,
            platform_key=platform_key,
        )
        if self.options.merchant_webhooks:
            self.merchant_app.state.settings.webhook_secret = register_merchant_webhook(
                payments_url, merchants[0].secret_key, merchant_url
            )

    def stop(self) -> None:
        if self._cluster is not None:
            self._cluster.__exit__(None, None, None)
            self._cluster = None
        if self._postgres is not None:
            self._postgres.stop()
            self._postgres = None
        for server in reversed(self._servers):
            server.stop()
        self._servers.clear()
        for app in (self.psp_app, self.payments_app):
            if app is not None:
                app.state.db.dispose()
                app.state.request_log.close()
        if self.merchant_app is not None:
            self.merchant_app.state.orders.engine.dispose()
        if self._own_tmp is not None:
            self._own_tmp.cleanup()
            self._own_tmp = None

    @property
    def _scaled_out(self) -> bool:
        return self.options.payment_instances > 1 or self.options.database_url is not None

    def _payment_cluster(
        self, data_dir: Path, psp_url: str, merchants: list[MerchantAccount], platform_key: str
    ) -> PaymentCluster:
        database_url = self.options.database_url
        if database_url is None:
            self._postgres = TemporaryPostgres()
            self._postgres.start()
            database_url = self._postgres.url
        return PaymentCluster(
            self.options.payment_instances,
            database_url,
            psp_url,
            merchants,
            data_dir,
            development_payments_environment(platform_key),
        )

    def tripwire_report(self) -> TripwireReport:
        """Card numbers found in anything the out-of-scope components received or wrote: their
        data folders (databases with their -wal and -shm files, request logs, the CSP report
        store, each scaled-out instance's folder) and, scaled out, the load balancer's logs, the
        request bodies it buffered to disk and every value in the shared database."""
        folders = stack_folders(self.info.data_dir)
        databases = {}
        if self._cluster is not None:
            folders["load balancer"] = self._cluster.balancer.prefix
            databases["payments"] = self._cluster.database_url
        return build_report(self.traffic, folders, databases)

    def call_in(self, service: str, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine inside one service's event loop, e.g. a sweep of pending payments."""
        server = next(s for s in self._servers if s.name == service)
        return server.call(coroutine)

    @property
    def payments_state(self) -> payments.state.PaymentState:
        state: payments.state.PaymentState = self.payments_app.state.payments
        return state

    @property
    def psp_state(self) -> psp.state.PSPState:
        state: psp.state.PSPState = self.psp_app.state.psp
        return state

    def write_ready_file(self, path: Path) -> None:
        """Write the stack's URLs and keys as JSON, atomically: a reader never sees half a file."""
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(self.info.as_json(), indent=2) + "\n", encoding="utf-8")
        partial.replace(path)

    def _data_dir(self) -> Path:
        if self.options.data_dir is not None:
            self.options.data_dir.mkdir(parents=True, exist_ok=True)
            return self.options.data_dir
        self._own_tmp = tempfile.TemporaryDirectory(prefix="fincore-stack-")
        return Path(self._own_tmp.name)


def development_payments_environment(platform_key: str) -> dict[str, str]:
    """The variables a ``fincore serve payments`` process of a development stack needs: services
    default to production, which refuses a test-mode key."""
    return {
        "FINCORE_PAYMENTS_ENVIRONMENT": "development",
        "FINCORE_PAYMENTS_PSP_SECRET_KEY": platform_key,
        "FINCORE_PAYMENTS_WEBHOOK_ALLOW_LOOPBACK": "true",
    }


def _url(address: tuple[str, int]) -> str:
    return f"http://{address[0]}:{address[1]}"
