"""The fincore-payments container definition: no Docker engine runs here, so check what it says
and run its command the way the container would."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import httpx

from fincore.lab.scaleout.processes import ServiceProcess

ROOT = Path(__file__).resolve().parents[1]


def instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text()
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_it_is_slim_non_root_with_a_health_check():
    found = dict(instructions())
    assert re.fullmatch(r"python:3\.1[1-9]-slim", found["FROM"])
    assert found["USER"] not in {"root", "0"}
    assert "/healthz" in found["HEALTHCHECK"]
    assert "pip install ." in found["RUN"]


def test_its_command_is_the_entry_point_the_tests_run(tmp_path, stack):
    command = json.loads(dict(instructions())["CMD"])
    assert command[:3] == ["fincore", "serve", "payments"]
    # The same command, on a free loopback port instead of the container's 0.0.0.0:8000.
    args = command[3:]
    assert args == ["--host", "0.0.0.0", "--port", "8000"]
    service = ServiceProcess(
        "payments",
        {
            "FINCORE_PAYMENTS_PSP_URL": stack.info.psp_url,
            "FINCORE_PAYMENTS_DATA_DIR": str(tmp_path / "payments"),
            # Production, the default: it starts only with a live key set from outside.
            "FINCORE_PAYMENTS_PSP_SECRET_KEY": "psp_sk_live_" + "0" * 48,
        },
        tmp_path / "container",
    ).start()
    try:
        assert httpx.get(f"{service.url}/healthz").json() == {"status": "ok"}
    finally:
        service.stop()


def test_the_console_script_is_installed():
    script = Path(sys.executable).with_name("fincore")
    assert script.exists()
    out = subprocess.run([str(script), "serve", "--help"], capture_output=True, text=True)
    assert "payments" in out.stdout, shlex.join([str(script), "serve", "--help"])
    assert os.access(script, os.X_OK)
