"""Where a pay call's CPU goes: one long run of POST /v1/payments at 50 clients, with the CPU each
process spent per pay (PSP, Payment Service, load generator), and optionally py-spy profiles.

    .venv/bin/python -m bench.profile_pay [--requests 20000] [--py-spy OUT_DIR]
        [--database sqlite|postgresql] [--instances N]

With ``--py-spy`` (``pip install py-spy``; not a project dependency) each service is sampled for
the run and its collapsed stacks written to OUT_DIR/psp.txt and OUT_DIR/payments.txt.
"""

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.charge_path import make_tokens, pay_with
from bench.loadgen import closed_loop
from bench.processes import charge_path_services, cpu_seconds

CLIENTS = 50


def start_py_spy(services: dict[str, Any], folder: Path) -> list[subprocess.Popen[bytes]]:
    # Installed in the project's virtualenv, whose bin/ may not be on PATH.
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    py_spy = shutil.which("py-spy", path=search)
    if py_spy is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    folder.mkdir(parents=True, exist_ok=True)
    samplers = []
    for name in ("psp", "payments"):
        command = [py_spy, "record", "-p", str(services[f"{name}_pid"]), "-r", "200"]
        command += ["-f", "raw", "-o", str(folder / f"{name}.txt")]
        samplers.append(subprocess.Popen(command, stderr=subprocess.DEVNULL))
    time.sleep(1)  # py-spy attaches before the run starts
    return samplers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--py-spy", type=Path, help="write py-spy collapsed stacks here")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--instances", type=int, default=1)
    args = parser.parse_args()
    with charge_path_services(args.database, args.instances) as services:
        publishable_key = services["merchant"].publishable_key
        tokens = asyncio.run(make_tokens(services["psp_url"], publishable_key, args.requests))

        async def pay(session: aiohttp.ClientSession, index: int) -> bool:
            return await pay_with(session, services, tokens[index])

        samplers = start_py_spy(services, args.py_spy) if args.py_spy else []
        pids = {"PSP": services["psp_pid"]}
        for number, pid in enumerate(services["payment_pids"], 1):
            pids[f"Payment Service {number}"] = pid
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        own_before = time.process_time()
        result = asyncio.run(closed_loop("pay", pay, CLIENTS, args.requests))
        spent = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
        spent["load generator"] = time.process_time() - own_before
        for sampler in samplers:
            sampler.send_signal(signal.SIGINT)
            sampler.wait()
    print(result.row())
    for name, seconds in spent.items():
        print(f"{name}: {seconds / args.requests * 1000:.3f} ms CPU per pay")


if __name__ == "__main__":
    main()
