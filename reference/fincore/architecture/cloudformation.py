"""The physical view as a CloudFormation template, generated from the same model as its diagram.

``python -m fincore.architecture.render`` writes ``diagrams/fincore-payments.cfn.yaml``. Every
deployment node and group of :mod:`fincore.architecture.fincore_model` lists the CloudFormation
logical ids it is made of; :func:`template` builds the resources (:mod:`fincore.architecture.aws`)
and adds exactly those, so the picture and the template cannot drift: a resource no node lists,
or a listed resource nobody builds, raises :class:`InfrastructureDriftError`.

Nothing is deployed from here (no AWS account needed); the README says how one would.
"""

from troposphere import AWSObject, GetAtt, Output, Ref, Template

from fincore.architecture.aws import access_logs, database, edge, keys, network, service
from fincore.architecture.aws.context import parameters
from fincore.architecture.model import ArchitectureModel

TEMPLATE_NAME = "fincore-payments.cfn.yaml"
DESCRIPTION = (
    "FinCore Payment Service and fincore.js delivery (generated from "
    "reference/fincore/architecture/fincore_model.py; do not edit)"
)


class InfrastructureDriftError(ValueError):
    """The model's resource lists and the resources built for it disagree."""


def build_resources() -> tuple[list[AWSObject], list[object]]:
    """Every resource the deployment needs, and the template parameters they use."""
    inputs = parameters()
    made = [
        *network.resources(),
        *keys.resources(),
        *access_logs.resources(),
        *database.resources(),
        *service.resources(inputs),
        *edge.resources(inputs),
    ]
    return made, list(inputs.all())


def template(model: ArchitectureModel) -> Template:
    """The CloudFormation template of ``model``'s physical view, in the model's order."""
    made, inputs = build_resources()
    built = {resource.title: resource for resource in made}
    listed = model.infrastructure()
    unlisted = sorted(built.keys() - listed.keys())
    unbuilt = sorted(listed.keys() - built.keys())
    if unlisted or unbuilt:
        raise InfrastructureDriftError(
            f"resources built but in no deployment node: {unlisted}; "
            f"listed by a node but never built: {unbuilt}"
        )
    result = Template(Description=DESCRIPTION)
    result.set_version("2010-09-09")
    for parameter in inputs:
        result.add_parameter(parameter)
    for logical_id in listed:
        result.add_resource(built[logical_id])
    for output in _outputs():
        result.add_output(output)
    return result


def template_yaml(model: ArchitectureModel) -> str:
    """The template as YAML text (deterministic: insertion order, no timestamps).

    Long-form intrinsics (``Ref:``, ``Fn::GetAtt:``) rather than ``!Ref`` tags, so any YAML
    reader can load it, the tests' included.
    """
    text: str = template(model).to_yaml(long_form=True)
    return text


def _outputs() -> list[Output]:
    return [
        Output(
            "PaymentsEndpoint",
            Description="Point merchant backends' DNS for the Payment Service here",
            Value=GetAtt("LoadBalancer", "DNSName"),
        ),
        Output(
            "SdkDistribution",
            Description="Point SdkDomainName's DNS here; upload fincore-<version>.js to the bucket",
            Value=GetAtt("Distribution", "DomainName"),
        ),
        Output("SdkBucketName", Description="Where the SDK build goes", Value=Ref("SdkBucket")),
    ]
