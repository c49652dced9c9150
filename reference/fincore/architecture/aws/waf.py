"""AWS WAF in front of the ALB: AWS's common and known-bad-input rules, and a per-IP rate limit."""

from typing import Any

from troposphere import AWSObject, GetAtt, wafv2

from fincore.architecture.aws.context import named, ref

# Requests per IP address per 5 minutes; a merchant backend past this is throttled by the
# Payment Service's own per-key limits long before, so only floods reach it.
RATE_LIMIT = 2000
MANAGED_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")


def resources() -> list[AWSObject]:
    """The web ACL and its association with the load balancer."""
    rules = [_managed(name, priority) for priority, name in enumerate(MANAGED_RULE_GROUPS)]
    rules.append(
        wafv2.WebACLRule(
            Name="rate-limit-per-ip",
            Priority=len(rules),
            Action=wafv2.RuleAction(Block=wafv2.BlockAction()),
            Statement=wafv2.Statement(
                RateBasedStatement=wafv2.RateBasedStatement(Limit=RATE_LIMIT, AggregateKeyType="IP")
            ),
            VisibilityConfig=_visibility("rate-limit-per-ip"),
        )
    )
    return [
        wafv2.WebACL(
            "WebAcl",
            Name=named("payments"),
            Scope="REGIONAL",
            DefaultAction=wafv2.DefaultAction(Allow=wafv2.AllowAction()),
            Rules=rules,
            VisibilityConfig=_visibility("payments"),
        ),
        wafv2.WebACLAssociation(
            "WebAclAssociation", ResourceArn=ref("LoadBalancer"), WebACLArn=GetAtt("WebAcl", "Arn")
        ),
    ]


def _managed(name: str, priority: int) -> Any:
    return wafv2.WebACLRule(
        Name=name,
        Priority=priority,
        OverrideAction=wafv2.OverrideAction(**{"None": {}}),
        Statement=wafv2.Statement(
            ManagedRuleGroupStatement=wafv2.ManagedRuleGroupStatement(VendorName="AWS", Name=name)
        ),
        VisibilityConfig=_visibility(name),
    )


def _visibility(metric: str) -> Any:
    return wafv2.VisibilityConfig(
        CloudWatchMetricsEnabled=True, MetricName=metric, SampledRequestsEnabled=True
    )
