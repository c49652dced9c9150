"""The CloudFormation template says what the AWS diagram draws, and passes cfn-lint and checkov.

The template checked is the committed one (``diagrams/fincore-payments.cfn.yaml``);
``test_render`` proves it is what the model generates today.
"""

import dataclasses
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from fincore.architecture import ArchitectureModel, DeploymentNode, ResourceKind
from fincore.architecture.cloudformation import (
    TEMPLATE_NAME,
    InfrastructureDriftError,
    template_yaml,
)
from fincore.architecture.graphviz_views import LEGEND_ID

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "diagrams" / TEMPLATE_NAME
AWS_SVG = REPO_ROOT / "diagrams" / "deployment-aws.svg"
CHECKOV = Path(
    os.environ.get("FINCORE_CHECKOV", REPO_ROOT / ".venv" / "checkov" / "bin" / "checkov")
)
SVG = "{http://www.w3.org/2000/svg}"


def _template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    return loaded


def _drawn(kind: str) -> set[str]:
    """Node ids or cluster labels of the committed AWS diagram (Graphviz SVG)."""
    root = ET.parse(AWS_SVG).getroot()
    titles = set()
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != kind:
            continue
        if kind == "node":
            titles.add(group.findtext(f"{SVG}title") or "")
        else:  # a cluster's label is its first <text>
            titles.add("".join(group.find(f"{SVG}text").itertext()))  # type: ignore[union-attr]
    return titles


def test_every_resource_drawn_is_in_the_template_and_the_reverse(
    model: ArchitectureModel,
) -> None:
    nodes = {n.id: n for n in model.deployment_nodes}
    groups = {g.name: g for g in model.deployment_groups}
    # The legend is a box of the picture, not a resource.
    drawn_nodes, drawn_groups = _drawn("node") - {LEGEND_ID}, _drawn("cluster") - {"Legend"}
    assert drawn_nodes == set(nodes), "the AWS diagram is stale: run `make diagrams`"
    assert drawn_groups == set(groups)
    in_diagram = {r for n in drawn_nodes for r in nodes[n].resources}
    in_diagram |= {r for g in drawn_groups for r in groups[g].resources}
    assert in_diagram == set(_template()["Resources"])


def test_each_aws_node_is_built_from_at_least_one_resource(model: ArchitectureModel) -> None:
    outside = {"client_side", "merchant_infrastructure", "psp_infrastructure"}
    for node in model.deployment_nodes:
        assert bool(node.resources) is (node.group not in outside), node.id


def test_template_holds_the_resources_an_aws_review_expects() -> None:
    types = {r["Type"] for r in _template()["Resources"].values()}
    assert {
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::NatGateway",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::WAFv2::WebACL",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::ECS::Cluster",
        "AWS::ECS::Service",
        "AWS::ECS::TaskDefinition",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "AWS::RDS::DBInstance",
        "AWS::SecretsManager::Secret",
        "AWS::KMS::Key",
        "AWS::S3::Bucket",
        "AWS::CloudFront::OriginAccessControl",
        "AWS::CloudFront::ResponseHeadersPolicy",
        "AWS::CloudFront::Distribution",
        "AWS::Logs::LogGroup",
    } <= types


def test_subnets_span_two_availability_zones_and_the_database_is_multi_az() -> None:
    resources = _template()["Resources"]
    zones = {
        json.dumps(r["Properties"]["AvailabilityZone"])
        for r in resources.values()
        if r["Type"] == "AWS::EC2::Subnet"
    }
    assert len(zones) == 2
    database = resources["Database"]["Properties"]
    assert database["MultiAZ"] is True and database["StorageEncrypted"] is True
    assert database["PubliclyAccessible"] is False


def test_listener_is_https_only_and_tasks_get_no_public_address() -> None:
    resources = _template()["Resources"]
    listeners = [r for r in resources.values() if r["Type"].endswith("::Listener")]
    assert [(r["Properties"]["Port"], r["Properties"]["Protocol"]) for r in listeners] == [
        (443, "HTTPS")
    ]
    network = resources["Service"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert network["AssignPublicIp"] == "DISABLED"


def test_sdk_bucket_is_reachable_only_through_cloudfront() -> None:
    resources = _template()["Resources"]
    block = resources["SdkBucket"]["Properties"]["PublicAccessBlockConfiguration"]
    assert all(block.values())
    allowed = [
        s
        for s in resources["SdkBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Allow"
    ]
    assert [s["Principal"] for s in allowed] == [{"Service": "cloudfront.amazonaws.com"}]
    origin = resources["Distribution"]["Properties"]["DistributionConfig"]["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["OriginAccessControl", "Id"]}


def test_task_reads_secrets_from_secrets_manager_not_plain_environment() -> None:
    task = _template()["Resources"]["TaskDefinition"]["Properties"]
    container = task["ContainerDefinitions"][0]
    secret_names = {s["Name"] for s in container["Secrets"]}
    assert secret_names == {
        "FINCORE_PAYMENTS_DATABASE_URL",
        "FINCORE_PAYMENTS_PSP_SECRET_KEY",
        "FINCORE_PAYMENTS_MERCHANTS",
    }
    plain = {e["Name"] for e in container["Environment"]}
    assert not plain & secret_names
    assert {"Name": "FINCORE_PAYMENTS_ENVIRONMENT", "Value": "production"} in container[
        "Environment"
    ]


def test_a_node_listing_a_resource_nobody_builds_is_refused(model: ArchitectureModel) -> None:
    ghost = DeploymentNode(
        "cache", "ElastiCache", ResourceKind.DATABASE, "private_subnets", resources=("Cache",)
    )
    drifted = dataclasses.replace(model, deployment_nodes=(*model.deployment_nodes, ghost))
    with pytest.raises(InfrastructureDriftError, match=r"never built: \['Cache'\]"):
        template_yaml(drifted)


def test_a_resource_no_node_lists_is_refused(model: ArchitectureModel) -> None:
    nodes = tuple(
        dataclasses.replace(n, resources=n.resources[:-1]) if n.id == "kms" else n
        for n in model.deployment_nodes
    )
    with pytest.raises(
        InfrastructureDriftError, match=r"in no deployment node: \['EncryptionKeyAlias'\]"
    ):
        template_yaml(dataclasses.replace(model, deployment_nodes=nodes))


def test_cfn_lint_finds_no_error_or_warning_in_two_regions() -> None:
    from cfnlint.api import ManualArgs, lint

    # cfn-lint's defaults (errors and warnings), as `cfn-lint <template>` runs them.
    config = ManualArgs(regions=["eu-west-1", "us-east-1"])
    matches = lint(TEMPLATE.read_text(encoding="utf-8"), config=config)
    assert [str(m) for m in matches] == []


def test_checkov_passes_with_only_the_recorded_suppressions() -> None:
    assert CHECKOV.is_file(), f"checkov not found at {CHECKOV}: run `make setup`"
    run = subprocess.run(
        [
            str(CHECKOV),
            "-f",
            str(TEMPLATE),
            "--framework",
            "cloudformation",
            "--skip-download",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    report = json.loads(run.stdout)
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["passed"] > 50
    recorded = {
        (skip["id"], name)
        for name, resource in _template()["Resources"].items()
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
    }
    applied = {
        (c["check_id"], c["resource"].rsplit(".", 1)[1])
        for c in report["results"]["skipped_checks"]
    }
    # Every suppression has a reason in the template and is one checkov actually needed.
    assert applied == recorded
    assert all(
        skip["comment"]
        for resource in _template()["Resources"].values()
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
    )
