"""The local stack, from Python and from ``fincore up``."""

import httpx

from fincore.lab.stack import LocalStack, StackOptions


def test_the_stack_serves_on_loopback_and_frees_its_ports(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        urls = [stack.info.psp_url, stack.info.payments_url]
        assert all(url.startswith("http://127.0.0.1:") for url in urls)
        assert all(httpx.get(f"{url}/healthz").status_code == 200 for url in urls)
        assert len(stack.info.merchants) >= 2
        assert (tmp_path / "psp").is_dir() and (tmp_path / "payments").is_dir()
    for url in urls:
        try:
            httpx.get(f"{url}/healthz", timeout=1)
        except httpx.ConnectError:
            continue
        raise AssertionError(f"{url} still answers after the stack stopped")


def test_two_stacks_run_side_by_side_with_their_own_keys(tmp_path):
    with (
        LocalStack(StackOptions(data_dir=tmp_path / "a")) as a,
        LocalStack(StackOptions(data_dir=tmp_path / "b")) as b,
    ):
        assert a.info.psp_url != b.info.psp_url
        assert a.info.merchants[0].secret_key != b.info.merchants[0].secret_key


def test_fincore_up_writes_the_ready_file_and_stops_on_sigterm(fincore_up):
    with fincore_up() as run:
        assert "FinCore local stack is running" in run.banner[0]
        info = run.info
        assert {"psp_url", "payments_url", "data_dir", "merchants"} <= set(info)
        assert {"id", "publishable_key", "secret_key", "allowed_origins"} <= set(
            info["merchants"][0]
        )
        assert httpx.get(f"{info['payments_url']}/healthz").json() == {"status": "ok"}
    assert run.returncode == 0
    assert "Stopped." in run.output
