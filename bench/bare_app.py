"""The baseline: a bare FastAPI endpoint that does nothing but answer JSON, served the same way."""

import argparse
import json
import os
import signal
import threading
from pathlib import Path

from fastapi import FastAPI

from fincore.hosting.server import ThreadedServer, bind_free_port, settle_garbage_collector

app = FastAPI()


@app.post("/pay")
async def pay(body: dict[str, object]) -> dict[str, object]:
    return {"id": "pay_bare", "status": "succeeded", "amount": body.get("amount")}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready-file", type=Path, required=True)
    args = parser.parse_args()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    server = ThreadedServer(app, "bare", bind_free_port()).start()
    settle_garbage_collector()  # served exactly as the services are (fincore.hosting.serve)
    args.ready_file.write_text(json.dumps({"url": server.url, "pid": os.getpid()}))
    stopping.wait()
    server.stop()
