"""The services under benchmark, each in its own process as deployed, plus the bare baseline."""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from fincore.common.keys import new_development_key
from fincore.common.merchants import demo_merchants
from fincore.lab.scaleout.cluster import PaymentCluster
from fincore.lab.scaleout.postgres import TemporaryPostgres
from fincore.lab.scaleout.processes import ServiceProcess
from fincore.lab.stack import development_payments_environment

BARE_APP = Path(__file__).with_name("bare_app.py")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@contextmanager
def bare_baseline(folder: Path) -> Iterator[dict[str, Any]]:
    ready = folder / "bare.json"
    child = subprocess.Popen([sys.executable, str(BARE_APP), "--ready-file", str(ready)])
    try:
        while not ready.exists():
            if child.poll() is not None:
                raise RuntimeError("the bare baseline did not start")
            time.sleep(0.02)
        yield json.loads(ready.read_text())
    finally:
        child.terminate()
        child.wait(timeout=30)


@contextmanager
def charge_path_services(database: str = "sqlite", instances: int = 1) -> Iterator[dict[str, Any]]:
    """The PSP, the Payment Service (``instances`` of it behind nginx when more than one) on
    SQLite or a fresh PostgreSQL, and the bare baseline."""
    merchants = demo_merchants()
    merchants_json = json.dumps([m.model_dump(mode="json") for m in merchants])
    platform_key = new_development_key()
    payments_development = development_payments_environment(platform_key)
    with tempfile.TemporaryDirectory(prefix="fincore-bench-") as tmp, ExitStack() as running:
        root = Path(tmp)
        psp_env = {
            "FINCORE_PSP_ENVIRONMENT": "development",
            "FINCORE_PSP_PLATFORM_SECRET_KEY": platform_key,
            "FINCORE_PSP_DATA_DIR": str(root / "psp"),
            "FINCORE_PSP_MERCHANTS": merchants_json,
        }
        psp = ServiceProcess("psp", psp_env, root / "psp").start()
        running.callback(psp.stop)
        database_url = None
        if database == "postgresql":
            database_url = running.enter_context(TemporaryPostgres()).url
        if instances > 1 or database_url:
            cluster = running.enter_context(
                PaymentCluster(
                    instances,
                    database_url or f"sqlite:///{root / 'payments.db'}",
                    psp.url,
                    merchants,
                    root / "cluster",
                    payments_development,
                )
            )
            payments_url, payment_pids = cluster.url, [p.pid for p in cluster.processes]
        else:
            payments_env = {
                "FINCORE_PAYMENTS_DATA_DIR": str(root / "payments"),
                "FINCORE_PAYMENTS_MERCHANTS": merchants_json,
                "FINCORE_PAYMENTS_PSP_URL": psp.url,
                **payments_development,
            }
            payments = ServiceProcess("payments", payments_env, root / "payments").start()
            running.callback(payments.stop)
            payments_url, payment_pids = payments.url, [payments.pid]
        bare = running.enter_context(bare_baseline(root))
        yield {
            "psp_url": psp.url,
            "payments_url": payments_url,
            "bare_url": bare["url"],
            "bare_pid": bare["pid"],
            "merchant": merchants[0],
            "platform_key": platform_key,
            "psp_pid": psp.pid,
            "payments_pid": payment_pids[0],
            "payment_pids": payment_pids,
        }


def environment_summary() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
