"""Start services as separate processes (as deployed), each on a free loopback port."""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fincore.common.merchants import demo_merchants


@contextmanager
def process(command: list[str], env: dict[str, str], ready: Path) -> Iterator[str]:
    """Run ``command`` until the block ends; yields the URL it wrote to ``ready``."""
    child = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not start")
            time.sleep(0.05)
        yield json.loads(ready.read_text())["url"]
    finally:
        child.terminate()
        child.wait(timeout=30)


@contextmanager
def charge_path_services(database_url: str | None = None) -> Iterator[dict[str, object]]:
    """The PSP, the Payment Service and the bare baseline, each its own process."""
    merchants = demo_merchants()
    merchants_json = json.dumps([m.model_dump(mode="json") for m in merchants])
    fincore = [sys.executable, "-m", "fincore.cli", "serve"]
    with tempfile.TemporaryDirectory(prefix="fincore-bench-") as tmp:
        root = Path(tmp)
        psp_env = {
            "FINCORE_PSP_DATA_DIR": str(root / "psp"),
            "FINCORE_PSP_MERCHANTS": merchants_json,
        }
        with process(
            [*fincore, "psp", "--ready-file", str(root / "psp.json")], psp_env, root / "psp.json"
        ) as psp_url:
            pay_env = {
                "FINCORE_PAYMENTS_DATA_DIR": str(root / "payments"),
                "FINCORE_PAYMENTS_MERCHANTS": merchants_json,
                "FINCORE_PAYMENTS_PSP_URL": psp_url,
                **({"FINCORE_PAYMENTS_DATABASE_URL": database_url} if database_url else {}),
            }
            pay_cmd = [*fincore, "payments", "--ready-file", str(root / "pay.json")]
            with process(pay_cmd, pay_env, root / "pay.json") as payments_url:
                bare_cmd = [
                    sys.executable,
                    str(Path(__file__).with_name("bare_app.py")),
                    "--ready-file",
                    str(root / "bare.json"),
                ]
                with process(bare_cmd, {}, root / "bare.json") as bare_url:
                    yield {
                        "psp_url": psp_url,
                        "payments_url": payments_url,
                        "bare_url": bare_url,
                        "merchant": merchants[0],
                    }
