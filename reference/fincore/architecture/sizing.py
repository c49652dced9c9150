"""Sizing and monthly cost of the AWS deployment, from measured figures and dated list prices.

The inputs are tables, not fetches: :data:`MEASURED` copies the benchmark's figures (``bench/
README.md``; a test fails when they differ), :data:`PRICES` holds AWS on-demand list prices with
the date they were read. :func:`plan` turns a stated peak load into Fargate tasks and an RDS class;
:func:`monthly_cost` prices that plan. The template generator (:mod:`fincore.architecture.aws`)
takes its task counts and database class from the same plan, so the review's numbers and the
infrastructure agree.
"""

import math
from dataclasses import dataclass

from fincore.architecture.tables import markdown_table


@dataclass(frozen=True)
class Measured:
    """One benchmark figure with where it comes from."""

    name: str
    value: float
    unit: str
    source: str


BENCH_DATE = "2026-11-29"
_PG_ROW = "bench/README.md, issue 14: two Payment Service instances on PostgreSQL, 50 clients"
MEASURED = {
    "pay_per_second": Measured("payments per second, two instances", 498, "pay/s", _PG_ROW),
    "cpu_ms_per_pay": Measured(
        "Payment Service CPU per payment it served (PostgreSQL)", 2.1, "ms", _PG_ROW
    ),
    "p99_ms": Measured("p99 latency of the pay call", 193.3, "ms", _PG_ROW),
    "commits_per_pay": Measured(
        "write transactions per keyed payment", 2, "commits", "bench/README.md, issue 14"
    ),
}


@dataclass(frozen=True)
class Price:
    """One AWS list price: ``usd`` per ``unit``."""

    item: str
    usd: float
    unit: str


PRICES_AS_OF = "2025-01"
PRICES_REGION = "us-east-1"
PRICES_SOURCE = (
    f"AWS on-demand list prices for {PRICES_REGION} as published around {PRICES_AS_OF}, entered by "
    "hand (nothing is fetched); check the AWS pricing pages before relying on a total"
)
PRICES = {
    "fargate_vcpu_hour": Price("Fargate, Linux/x86, per vCPU-hour", 0.04048, "vCPU-hour"),
    "fargate_gb_hour": Price("Fargate, Linux/x86, per GB of memory-hour", 0.004445, "GB-hour"),
    "alb_hour": Price("Application Load Balancer", 0.0225, "hour"),
    "alb_lcu_hour": Price("ALB capacity unit (LCU)", 0.008, "LCU-hour"),
    "nat_hour": Price("NAT gateway", 0.045, "hour"),
    "nat_gb": Price("NAT gateway data processed", 0.045, "GB"),
    "rds_m7g_large_multi_az_hour": Price(
        "RDS for PostgreSQL db.m7g.large, Multi-AZ", 0.336, "hour"
    ),
    "rds_m7g_xlarge_multi_az_hour": Price(
        "RDS for PostgreSQL db.m7g.xlarge, Multi-AZ", 0.672, "hour"
    ),
    "rds_gp3_multi_az_gb_month": Price("RDS gp3 storage, Multi-AZ", 0.23, "GB-month"),
    "waf_acl_month": Price("WAF web ACL", 5.0, "month"),
    "waf_rule_month": Price("WAF rule", 1.0, "rule-month"),
    "waf_million_requests": Price("WAF requests", 0.60, "million requests"),
    "secret_month": Price("Secrets Manager secret", 0.40, "secret-month"),
    "kms_key_month": Price("KMS customer-managed key", 1.0, "key-month"),
    "logs_ingest_gb": Price("CloudWatch Logs ingestion", 0.50, "GB"),
    "cloudfront_gb": Price("CloudFront data out, North America/Europe", 0.085, "GB"),
    "cloudfront_10k_https": Price("CloudFront HTTPS requests", 0.01, "10,000 requests"),
}
HOURS_PER_MONTH = 730


@dataclass(frozen=True)
class Load:
    """What the deployment must carry; every figure is an explicit, reviewable assumption."""

    peak_payments_per_second: float = 200.0
    average_payments_per_second: float = 20.0
    # A log line per request at ~400 bytes, a request and a response of ~1 KB each.
    log_bytes_per_payment: int = 400
    wire_bytes_per_payment: int = 2000
    # Checkout page views that load fincore.js per payment (shoppers who do not pay too).
    sdk_loads_per_payment: float = 3.0
    sdk_gzipped_bytes: int = 6000


@dataclass(frozen=True)
class TaskShape:
    """One Fargate task of the template."""

    vcpu: float = 1.0
    memory_gb: float = 2.0
    target_cpu: float = 0.5  # the autoscaling target: headroom for bursts and an AZ's loss


# The smallest RDS class whose vCPUs carry the peak's commits (two per payment, each a few hundred
# microseconds of PostgreSQL CPU: an assumption until PostgreSQL's own CPU is measured).
DB_CPU_MS_PER_COMMIT = 0.25
DB_CLASSES = (("db.m7g.large", 2), ("db.m7g.xlarge", 4))
AVAILABILITY_ZONES = 2


@dataclass(frozen=True)
class Plan:
    """Fargate tasks and RDS class for a load."""

    payments_per_task_at_target: float
    tasks_at_peak: int
    min_tasks: int
    max_tasks: int
    database_class: str
    database_vcpu: int
    database_cpu_at_peak: float


def plan(load: Load | None = None, task: TaskShape | None = None) -> Plan:
    """Size the service for ``load``: tasks from measured CPU per payment, RDS from commits."""
    load, task = load or Load(), task or TaskShape()
    cpu_ms = MEASURED["cpu_ms_per_pay"].value  # measured on a crowded 2-core machine: generous
    per_task = task.vcpu * 1000.0 * task.target_cpu / cpu_ms
    at_peak = math.ceil(load.peak_payments_per_second / per_task)
    # Losing one AZ must leave enough tasks to carry the peak at 100% CPU until autoscaling adds
    # more: so at least one task per AZ, and an even count.
    per_az = max(1, math.ceil(at_peak / AVAILABILITY_ZONES))
    min_tasks = per_az * AVAILABILITY_ZONES
    db_cpu_ms_per_second = (
        load.peak_payments_per_second * MEASURED["commits_per_pay"].value * DB_CPU_MS_PER_COMMIT
    )
    name, vcpu = _smallest_class(db_cpu_ms_per_second, task.target_cpu)
    utilisation = db_cpu_ms_per_second / (vcpu * 1000.0)
    return Plan(
        payments_per_task_at_target=per_task,
        tasks_at_peak=at_peak,
        min_tasks=min_tasks,
        max_tasks=3 * min_tasks,
        database_class=name,
        database_vcpu=vcpu,
        database_cpu_at_peak=utilisation,
    )


def _smallest_class(cpu_ms_per_second: float, target: float) -> tuple[str, int]:
    """The first RDS class at or under the CPU target; the largest when none is."""
    for name, vcpu in DB_CLASSES:
        if cpu_ms_per_second / (vcpu * 1000.0) <= target:
            return name, vcpu
    return DB_CLASSES[-1]


@dataclass(frozen=True)
class CostLine:
    """One line of the monthly bill."""

    item: str
    quantity: str
    usd_per_month: float


def monthly_cost(load: Load | None = None, task: TaskShape | None = None) -> list[CostLine]:
    """The plan's monthly cost at list prices, line by line, with the minimum tasks always on."""
    load, task = load or Load(), task or TaskShape()
    sized, p, hours = plan(load, task), PRICES, HOURS_PER_MONTH
    payments = load.average_payments_per_second * 3600 * hours
    task_hour = task.vcpu * p["fargate_vcpu_hour"].usd + task.memory_gb * p["fargate_gb_hour"].usd
    db_price = p[f"rds_{sized.database_class.split('.', 1)[1].replace('.', '_')}_multi_az_hour"]
    wire_gb = payments * load.wire_bytes_per_payment / 1e9
    sdk_loads = payments * load.sdk_loads_per_payment
    return [
        CostLine(
            "Fargate tasks",
            f"{sized.min_tasks} x {task.vcpu:g} vCPU",
            sized.min_tasks * task_hour * hours,
        ),
        CostLine(
            "Application Load Balancer",
            "1 + 1 LCU",
            (p["alb_hour"].usd + p["alb_lcu_hour"].usd) * hours,
        ),
        CostLine(
            "NAT gateways",
            f"{AVAILABILITY_ZONES}, {wire_gb:.0f} GB",
            AVAILABILITY_ZONES * p["nat_hour"].usd * hours + wire_gb * p["nat_gb"].usd,
        ),
        CostLine(
            f"RDS {sized.database_class} Multi-AZ",
            "1 + 100 GB gp3",
            db_price.usd * hours + 100 * p["rds_gp3_multi_az_gb_month"].usd,
        ),
        CostLine(
            "WAF",
            f"1 ACL, 3 rules, {payments / 1e6:.0f} M requests",
            p["waf_acl_month"].usd
            + 3 * p["waf_rule_month"].usd
            + payments / 1e6 * p["waf_million_requests"].usd,
        ),
        CostLine(
            "Secrets Manager + KMS",
            "4 secrets, 1 key",
            4 * p["secret_month"].usd + p["kms_key_month"].usd,
        ),
        CostLine(
            "CloudWatch Logs",
            f"{payments * load.log_bytes_per_payment / 1e9:.0f} GB",
            payments * load.log_bytes_per_payment / 1e9 * p["logs_ingest_gb"].usd,
        ),
        CostLine(
            "CloudFront (fincore.js)",
            f"{sdk_loads / 1e6:.0f} M loads",
            sdk_loads * load.sdk_gzipped_bytes / 1e9 * p["cloudfront_gb"].usd
            + sdk_loads / 1e4 * p["cloudfront_10k_https"].usd,
        ),
    ]


def measured_table() -> str:
    """The benchmark inputs as Markdown, with their source and date."""
    rows = [
        (m.name, f"{m.value:g} {m.unit}", f"{m.source} ({BENCH_DATE})") for m in MEASURED.values()
    ]
    return markdown_table(("measured", "value", "source"), rows)


def price_table() -> str:
    """The list prices as Markdown, headed by their date and region."""
    rows = [(price.item, f"${price.usd:g}", price.unit) for price in PRICES.values()]
    return markdown_table((f"AWS list price ({PRICES_REGION}, {PRICES_AS_OF})", "USD", "per"), rows)


def cost_table(load: Load | None = None) -> str:
    """The monthly bill as Markdown, with its total."""
    lines = monthly_cost(load)
    rows = [(c.item, c.quantity, f"{c.usd_per_month:,.0f}") for c in lines]
    rows.append(("**total**", "", f"**{sum(c.usd_per_month for c in lines):,.0f}**"))
    return markdown_table(("item", "quantity", "USD per month"), rows)
