"""N ``fincore-payments`` instances on one database behind a load balancer (the ALB + Fargate
tasks of the physical view)."""

import json
from pathlib import Path
from types import TracebackType

from fincore.common.merchants import MerchantAccount
from fincore.lab.scaleout.nginx import LoadBalancer
from fincore.lab.scaleout.processes import ServiceProcess


class PaymentCluster:
    def __init__(
        self,
        instances: int,
        database_url: str,
        psp_url: str,
        merchants: list[MerchantAccount],
        folder: Path,
        settings: dict[str, str] | None = None,
    ) -> None:
        merchants_json = json.dumps([m.model_dump(mode="json") for m in merchants])
        self.folder = folder
        self.database_url = database_url
        self.processes = [
            ServiceProcess(
                "payments",
                {
                    "FINCORE_PAYMENTS_DATABASE_URL": database_url,
                    "FINCORE_PAYMENTS_PSP_URL": psp_url,
                    "FINCORE_PAYMENTS_MERCHANTS": merchants_json,
                    "FINCORE_PAYMENTS_DATA_DIR": str(folder / f"payments-{index}"),
                    **(settings or {}),
                },
                folder / f"payments-{index}",
            )
            for index in range(instances)
        ]
        # The balancer's port is reserved now, so others can be told the URL before it starts.
        self.balancer = LoadBalancer([])
        self._running = False

    @property
    def url(self) -> str:
        return self.balancer.url

    def __enter__(self) -> "PaymentCluster":
        try:
            # The first instance migrates the schema; the others find it done.
            for process in self.processes:
                process.start()
            self.balancer.upstreams = [p.address for p in self.processes]
            self.balancer.__enter__()
            self._running = True
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._running:
            self.balancer.__exit__(None, None, None)
            self._running = False
        for process in self.processes:
            process.stop()
