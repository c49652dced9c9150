"""What every resource module shares: the template's parameters and the network's fixed plan."""

from dataclasses import dataclass

from troposphere import Parameter, Ref, Sub

from fincore.architecture.sizing import TaskShape, plan

VPC_CIDR = "10.20.0.0/16"
# Two availability zones, each with one public and one private /24.
PUBLIC_CIDRS = ("10.20.0.0/24", "10.20.1.0/24")
PRIVATE_CIDRS = ("10.20.10.0/24", "10.20.11.0/24")
CONTAINER_NAME = "fincore-payments"
CONTAINER_PORT = 8000
POSTGRES_PORT = 5432
HTTPS_PORT = 443
# From the review's sizing (notebook 06), so the template and the review's numbers agree.
_PLAN = plan()
_TASK = TaskShape()
MIN_TASKS = _PLAN.min_tasks
MAX_TASKS = _PLAN.max_tasks
TASK_CPU = str(int(_TASK.vcpu * 1024))
TASK_MEMORY = str(int(_TASK.memory_gb * 1024))
CPU_TARGET_PERCENT = _TASK.target_cpu * 100
DATABASE_CLASS = _PLAN.database_class
LOG_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Parameters:
    """The template's inputs: what differs from one deployment to the next."""

    container_image: Parameter
    api_certificate_arn: Parameter
    sdk_domain_name: Parameter
    sdk_certificate_arn: Parameter
    psp_url: Parameter

    def all(self) -> tuple[Parameter, ...]:
        """In the order they appear in the template."""
        return (
            self.container_image,
            self.api_certificate_arn,
            self.sdk_domain_name,
            self.sdk_certificate_arn,
            self.psp_url,
        )


def parameters() -> Parameters:
    """Build the parameters (fresh objects each time, so templates never share state)."""
    return Parameters(
        container_image=Parameter(
            "ContainerImage",
            Type="String",
            Description="fincore-payments image (built from the repository's Dockerfile)",
        ),
        api_certificate_arn=Parameter(
            "ApiCertificateArn",
            Type="String",
            Description="ACM certificate for the Payment Service's HTTPS listener",
        ),
        sdk_domain_name=Parameter(
            "SdkDomainName",
            Type="String",
            Description="Host name fincore.js is served from (for example js.fincore.example)",
        ),
        sdk_certificate_arn=Parameter(
            "SdkCertificateArn",
            Type="String",
            Description="ACM certificate for SdkDomainName, in us-east-1 (as CloudFront needs)",
        ),
        psp_url=Parameter(
            "PspUrl",
            Type="String",
            Description="Base URL of the PSP's server-to-server API (step 10b)",
        ),
    )


def ref(name: str) -> Ref:
    """A reference to another resource by its logical id."""
    return Ref(name)


def named(suffix: str) -> Sub:
    """A name unique to the stack: ``<stack name>-<suffix>``."""
    return Sub(f"${{AWS::StackName}}-{suffix}")


def checkov_skips(*reasons: tuple[str, str]) -> dict[str, dict[str, list[dict[str, str]]]]:
    """Resource ``Metadata`` that records a deliberate checkov suppression with its reason."""
    return {"checkov": {"skip": [{"id": check, "comment": why} for check, why in reasons]}}
