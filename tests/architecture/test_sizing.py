"""Sizing follows the measured benchmark, and the template is built with the sized numbers."""

import re
from pathlib import Path

import yaml

from fincore.architecture import sizing

BENCH_README = Path(__file__).resolve().parents[2] / "bench" / "README.md"
TEMPLATE = Path(__file__).resolve().parents[2] / "diagrams" / "fincore-payments.cfn.yaml"


def test_measured_inputs_are_the_benchmarks_figures() -> None:
    readme = BENCH_README.read_text(encoding="utf-8")
    section = readme.split("### Two Payment Service instances on PostgreSQL behind nginx", 1)[1]
    section = section.split("\n### ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines()]
    cells = next(
        [cell.strip() for cell in row]
        for row in rows
        if row[0].strip().startswith("pay (charge hop") and row[1].strip() == "50"
    )
    # path | clients | requests | per second | p50 | p99 | errors | server CPU
    assert float(cells[3].replace(",", "")) == sizing.MEASURED["pay_per_second"].value
    assert float(cells[5]) == sizing.MEASURED["p99_ms"].value
    served = re.search(r"~([0-9.]+) ms per pay\s+it served", section)
    assert served and float(served[1]) == sizing.MEASURED["cpu_ms_per_pay"].value
    assert f"issue 14, {sizing.BENCH_DATE}" in readme
    assert "a keyed payment is two write transactions" in readme.replace("\n", " ")


def test_prices_are_dated_and_sourced() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}", sizing.PRICES_AS_OF)
    assert "nothing is fetched" in sizing.PRICES_SOURCE
    assert sizing.PRICES_AS_OF in sizing.price_table()


def test_tasks_cover_the_peak_with_one_zone_lost() -> None:
    for peak in (50, 200, 1000, 3000):
        planned = sizing.plan(sizing.Load(peak_payments_per_second=peak))
        survivors = planned.min_tasks // sizing.AVAILABILITY_ZONES
        at_full_cpu = planned.payments_per_task_at_target / sizing.TaskShape().target_cpu
        assert survivors * at_full_cpu >= peak, peak
        assert planned.min_tasks % sizing.AVAILABILITY_ZONES == 0
        assert planned.min_tasks * planned.payments_per_task_at_target >= peak


def test_a_larger_peak_needs_more_tasks_and_a_larger_database() -> None:
    small = sizing.plan(sizing.Load(peak_payments_per_second=200))
    large = sizing.plan(sizing.Load(peak_payments_per_second=3000))
    assert large.min_tasks > small.min_tasks
    assert (small.database_class, large.database_class) == ("db.m7g.large", "db.m7g.xlarge")


def test_template_uses_the_planned_tasks_and_database_class() -> None:
    planned = sizing.plan()
    resources = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))["Resources"]
    target = resources["ServiceScalableTarget"]["Properties"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (planned.min_tasks, planned.max_tasks)
    assert resources["Service"]["Properties"]["DesiredCount"] == planned.min_tasks
    assert resources["Database"]["Properties"]["DBInstanceClass"] == planned.database_class


def test_monthly_cost_lists_every_priced_part_with_a_positive_amount() -> None:
    lines = sizing.monthly_cost()
    assert [line.item for line in lines][:2] == ["Fargate tasks", "Application Load Balancer"]
    assert all(line.usd_per_month > 0 for line in lines)
    assert "**total**" in sizing.cost_table()
