"""The FinCore client-side tokenization architecture, defined once.

The model of ``docs/architecture.md`` (the project's architecture document): its logical view,
physical view and component-to-resource table, plus what a picture leaves out (protocols,
technologies, the PCI scope of every component). Every diagram in ``diagrams/`` is generated from
:func:`fincore_model`, and ``tests/architecture`` fails when the document and the model disagree;
to change a picture, change the document, then this file, then run ``make diagrams``.

Beyond the document's pictures, the physical view lists the AWS resources a deployable system
needs (subnets in two availability zones, NAT gateways, WAF, the ECS service, RDS for PostgreSQL,
Secrets Manager, KMS, CloudWatch Logs), each with the CloudFormation resources it is made of;
``fincore.architecture.cloudformation`` turns those lists into
``diagrams/fincore-payments.cfn.yaml``. The scenarios draw steps 9-10b with their answers.
"""

from fincore.architecture.model import (
    ArchitectureModel,
    Arrow,
    Boundary,
    C4Kind,
    DeploymentNode,
    Element,
    Mapping,
    Message,
    Note,
    Relation,
    ResourceKind,
    Scenario,
)
from fincore.architecture.sizing import plan

_PLAN = plan()
# The condition of the steps that happen only when the card needs strong customer authentication.
THREE_DS = "3-D Secure"

BOUNDARIES = (
    Boundary("client_browser", "Client's Web Browser"),
    # Two origins share the browser, side by side: the merchant's page with our SDK in it (out
    # of PCI scope), and the PSP's card fields (PCI scope). The same-origin policy between them
    # is what keeps card data out of the merchant's reach.
    Boundary("merchant_origin", "Merchant origin (checkout page)", parent="client_browser"),
    Boundary("fincore_js_sdk", "FinCore JS SDK", parent="merchant_origin"),
    Boundary("psp_origin", "PSP origin (PCI scope)", parent="client_browser"),
    Boundary("fincore_payment_system", "FinCore Payment System"),
)

ELEMENTS = (
    Element("user", "User", C4Kind.PERSON, description="Shopper paying on the checkout page"),
    Element(
        "merchant_frontend",
        "Merchant Frontend",
        C4Kind.CONTAINER,
        technology="JavaScript App",
        description="The merchant's checkout page",
        boundary="merchant_origin",
    ),
    Element(
        "sdk_core",
        "SDK Core Logic",
        C4Kind.COMPONENT,
        technology="fincore.js",
        description="Mounts the card fields and relays the token",
        boundary="fincore_js_sdk",
    ),
    Element(
        "psp_challenge",
        "PSP's Challenge Frame",
        C4Kind.COMPONENT,
        technology="iframe hosted by the PSP",
        description="3-D Secure challenge",
        boundary="psp_origin",
    ),
    Element(
        "psp_iframe",
        "PSP's Iframe",
        C4Kind.COMPONENT,
        technology="iframe hosted by the PSP",
        description="for card fields",
        boundary="psp_origin",
        may_see_pan=True,
    ),
    Element(
        "api_client",
        "API Client",
        C4Kind.EXTERNAL_SYSTEM,
        technology="Merchant's Backend",
        description="Calls the Payment Service with the token",
    ),
    Element(
        "merchant_orders",
        "Merchant's Orders",
        C4Kind.EXTERNAL_SYSTEM,
        technology="Merchant's database",
        description="Order states, as the backend learns them from webhooks",
    ),
    Element(
        "payment_service",
        "Payment Service",
        C4Kind.CONTAINER,
        technology="Python, FastAPI",
        description="fincore-payments: charges tokens, never cards",
        boundary="fincore_payment_system",
    ),
    Element(
        "psp",
        "Payment Service Provider",
        C4Kind.EXTERNAL_SYSTEM,
        technology="HTTPS API",
        description="Vaults cards, issues tokens, charges them",
        may_see_pan=True,
    ),
)

RELATIONS = (
    Relation("1", "merchant_frontend", "user", "Serves checkout page", "HTTPS (HTML)"),
    Relation("2", "merchant_frontend", "sdk_core", "Initializes", "JavaScript call"),
    Relation("3", "sdk_core", "psp_iframe", "Renders", "iframe (HTTPS GET)"),
    Relation("4", "user", "psp_iframe", "Enters card details", "keyboard", carries_card_data=True),
    Relation(
        "5",
        "psp_iframe",
        "psp",
        "Sends details directly to PSP",
        "HTTPS POST",
        carries_card_data=True,
    ),
    Relation("6", "psp", "psp_iframe", "Returns payment_token", "HTTPS response"),
    Relation("7", "psp_iframe", "sdk_core", "Passes token", "postMessage"),
    Relation("8", "sdk_core", "merchant_frontend", "Passes token", "JavaScript callback"),
    Relation(
        "9", "merchant_frontend", "api_client", "Sends token to merchant backend", "HTTPS POST"
    ),
    Relation(
        "10", "api_client", "payment_service", "Makes API call with token", "HTTPS POST (REST)"
    ),
    Relation("10b", "payment_service", "psp", "Charges the token", "HTTPS POST (REST)"),
    # After the checkout: the merchant backend settles what step 10 authorized (issue 17).
    Relation(
        "11",
        "api_client",
        "payment_service",
        "Captures or cancels",
        "HTTPS POST (REST)",
    ),
    Relation("11b", "payment_service", "psp", "Captures or voids", "HTTPS POST (REST)"),
    Relation("12", "api_client", "payment_service", "Refunds", "HTTPS POST (REST)"),
    Relation("12b", "payment_service", "psp", "Refunds", "HTTPS POST (REST)"),
    # Webhooks: after the payment, the Payment Service tells the merchant backend what happened
    # (fincore.payments.webhooks), signed, and the backend checks it before it believes it.
    Relation(
        "13",
        "payment_service",
        "api_client",
        "Signed event",
        "HTTPS POST (webhook, FinCore-Signature)",
    ),
    Relation("14", "api_client", "merchant_orders", "Verifies, updates the order", "HMAC-SHA256"),
    # 3-D Secure (when the PSP answers the charge with requires_action): the SDK frames the PSP's
    # challenge, the shopper answers it there, the PSP completes the charge, and the outcome goes
    # back to the page.
    Relation(
        "15",
        "sdk_core",
        "psp_challenge",
        "Opens the 3-D Secure challenge",
        "iframe (HTTPS GET)",
        when=THREE_DS,
    ),
    Relation("15b", "user", "psp_challenge", "Authenticates", "click", when=THREE_DS),
    Relation(
        "16",
        "psp_challenge",
        "psp",
        "Posts the result; the charge completes",
        "HTTPS POST (form)",
        when=THREE_DS,
    ),
    Relation("16b", "psp_challenge", "sdk_core", "Tells the outcome", "postMessage", when=THREE_DS),
    # The backend then confirms the outcome on relations already drawn: the page asks it (the
    # page -> backend edge of step 9), it asks the Payment Service (step 10's API), or it gets
    # the payment.succeeded / payment.failed webhook.
    Relation(
        "17",
        "sdk_core",
        "merchant_frontend",
        "Gives the outcome",
        "JavaScript promise",
        when=THREE_DS,
    ),
)

DEPLOYMENT_GROUPS = (
    Boundary("client_side", "Client-Side"),
    Boundary("aws_cloud", "AWS Cloud (FinCore)"),
    Boundary("global_content_delivery", "Global Content Delivery", parent="aws_cloud"),
    Boundary(
        "vpc",
        "VPC",
        parent="aws_cloud",
        resources=("Vpc", "InternetGateway", "InternetGatewayAttachment", "VpcFlowLog"),
    ),
    Boundary(
        "public_subnets",
        "Public subnets (AZ a, AZ b)",
        parent="vpc",
        resources=(
            "PublicSubnetA",
            "PublicSubnetB",
            "PublicRouteTable",
            "PublicInternetRoute",
            "PublicSubnetARoutes",
            "PublicSubnetBRoutes",
        ),
    ),
    Boundary(
        "private_subnets",
        "Private subnets (AZ a, AZ b)",
        parent="vpc",
        resources=(
            "PrivateSubnetA",
            "PrivateSubnetB",
            "PrivateRouteTableA",
            "PrivateRouteTableB",
            "PrivateNatRouteA",
            "PrivateNatRouteB",
            "PrivateSubnetARoutes",
            "PrivateSubnetBRoutes",
        ),
    ),
    Boundary("regional_services", "Regional services", parent="aws_cloud"),
    Boundary("merchant_infrastructure", "Merchant Infrastructure"),
    Boundary("psp_infrastructure", "PSP Infrastructure"),
)

DEPLOYMENT_NODES = (
    DeploymentNode("browser", "User's Browser", ResourceKind.BROWSER, "client_side"),
    DeploymentNode(
        "cdn",
        "Amazon CloudFront (CDN)",
        ResourceKind.CDN,
        "global_content_delivery",
        resources=("Distribution", "OriginAccessControl", "SdkResponseHeadersPolicy"),
    ),
    DeploymentNode(
        "s3",
        "Amazon S3 Bucket",
        ResourceKind.OBJECT_STORE,
        "global_content_delivery",
        detail="Hosts fincore.js",
        resources=("SdkBucket", "SdkBucketPolicy"),
    ),
    DeploymentNode(
        "waf",
        "AWS WAF",
        ResourceKind.FIREWALL,
        "aws_cloud",
        detail="managed rules, rate limit",
        resources=("WebAcl", "WebAclAssociation"),
    ),
    DeploymentNode(
        "alb",
        "Application Load Balancer (ALB)",
        ResourceKind.LOAD_BALANCER,
        "public_subnets",
        resources=("LoadBalancer", "HttpsListener", "TargetGroup", "LoadBalancerSecurityGroup"),
    ),
    DeploymentNode(
        "nat",
        "NAT gateways",
        ResourceKind.NAT_GATEWAY,
        "public_subnets",
        detail="one per AZ",
        resources=("NatAddressA", "NatAddressB", "NatGatewayA", "NatGatewayB"),
    ),
    DeploymentNode(
        "ecs_service",
        "Amazon ECS service",
        ResourceKind.CONTAINER_SERVICE,
        "private_subnets",
        detail=f"Fargate, {_PLAN.min_tasks}-{_PLAN.max_tasks} tasks, CPU autoscaling",
        resources=("Cluster", "Service", "ServiceScalableTarget", "ServiceCpuScaling"),
    ),
    DeploymentNode(
        "task",
        "Fargate Task",
        ResourceKind.CONTAINER_TASK,
        "private_subnets",
        detail="fincore-payments container",
        resources=("TaskDefinition", "TaskRole", "TaskExecutionRole", "TaskSecurityGroup"),
    ),
    DeploymentNode(
        "database",
        "Amazon RDS for PostgreSQL",
        ResourceKind.DATABASE,
        "private_subnets",
        detail="Multi-AZ, encrypted",
        resources=(
            "Database",
            "DatabaseSubnetGroup",
            "DatabaseSecurityGroup",
            "DatabaseMonitoringRole",
        ),
    ),
    DeploymentNode(
        "secrets",
        "AWS Secrets Manager",
        ResourceKind.SECRETS_STORE,
        "regional_services",
        detail="database URL, PSP and merchant keys",
        resources=(
            "DatabaseMasterSecret",
            "DatabaseUrlSecret",
            "PspPlatformKeySecret",
            "MerchantsSecret",
        ),
    ),
    DeploymentNode(
        "kms",
        "AWS KMS key",
        ResourceKind.KEY_MANAGEMENT,
        "regional_services",
        detail="encrypts secrets, database, logs",
        resources=("EncryptionKey", "EncryptionKeyAlias"),
    ),
    DeploymentNode(
        "logs",
        "Amazon CloudWatch Logs",
        ResourceKind.LOGS,
        "regional_services",
        detail="container and VPC flow logs; ALB logs in S3",
        resources=(
            "ServiceLogGroup",
            "FlowLogGroup",
            "FlowLogRole",
            "AccessLogBucket",
            "AccessLogBucketPolicy",
        ),
    ),
    DeploymentNode(
        "merchant_server",
        "Merchant's Web Server",
        ResourceKind.WEB_SERVER,
        "merchant_infrastructure",
    ),
    DeploymentNode(
        "psp_api", "PSP API & Iframe Host", ResourceKind.EXTERNAL_SAAS, "psp_infrastructure"
    ),
)

PHYSICAL_RELATIONS = (
    Relation(None, "cdn", "s3", "serves content from"),
    Relation(None, "alb", "task", ""),
    Relation("1", "browser", "merchant_server", "GET page", realizes=("1",)),
    Relation("2", "browser", "cdn", "GET fincore.js", realizes=("2",)),
    Relation("3", "browser", "psp_api", "GET iframe content", realizes=("3",)),
    Relation(
        "4",
        "browser",
        "psp_api",
        "POST card data for token",
        carries_card_data=True,
        realizes=("5", "6"),
    ),
    Relation("5", "browser", "merchant_server", "POST token to merchant", realizes=("9",)),
    Relation("6", "merchant_server", "alb", "API Call", realizes=("10", "11", "12")),
    # The charge leaves the private subnets through the NAT gateways: drawn as it travels.
    # Captures, voids and refunds take the same way.
    Relation("6b", "task", "nat", "Charge API call", realizes=("10b", "11b", "12b")),
    Relation(
        "7",
        "browser",
        "psp_api",
        "GET challenge, POST result",
        realizes=("15", "16"),
        when=THREE_DS,
    ),
    Relation(None, "nat", "psp_api", "egress to the PSP"),
    # Webhooks leave the same way, for the merchant's server (the egress edge is not drawn twice).
    Relation("8", "task", "nat", "Webhook POST", realizes=("13",)),
    Relation(None, "waf", "alb", "filters requests to"),
    Relation(None, "ecs_service", "task", "runs and scales"),
    Relation(None, "task", "database", "SQL over TLS"),
    Relation(None, "task", "secrets", "secrets at start"),
    Relation(None, "task", "logs", "container logs"),
    Relation(None, "secrets", "kms", "encrypted with"),
    Relation(None, "database", "kms", "encrypted with"),
)

MAPPINGS = (
    Mapping(
        "fincore_js_sdk",
        "Amazon S3 + Amazon CloudFront (CDN)",
        ("s3", "cdn"),
        "The SDK is a small static file that every checkout loads before the shopper can "
        "type; an edge cache puts it close to every shopper, and versioned, immutable objects "
        "in S3 make the bytes behind an SRI hash never change.",
        rationale_heading="Performance & Availability",
    ),
    Mapping(
        "psp_iframe",
        "External SaaS (Hosted by PSP)",
        ("psp_api",),
        "The card fields are the PSP's pages on the PSP's origin, operated under the PSP's "
        "own PCI DSS certification; the browser's same-origin policy keeps the merchant page "
        "and fincore.js out of them, and that isolation is what the SAQ A claim rests on.",
        rationale_heading="Security & Compliance",
    ),
    Mapping(
        "payment_service",
        "AWS Fargate Task",
        ("task",),
        "A stateless container behind a load balancer scales by task count, keeps no card "
        "data and holds its state (payments, idempotency keys) in the database.",
        rationale_heading="Operability",
    ),
    Mapping(
        "api_client",
        "External System",
        ("merchant_server",),
        "The merchant's backend is the merchant's; it holds the merchant's secret key and "
        "calls the Payment Service over HTTPS.",
        rationale_heading="Ownership",
    ),
    Mapping(
        "merchant_orders",
        "External System",
        ("merchant_server",),
        "The merchant's orders are the merchant's; its backend moves them only on webhooks "
        "whose signature checks, and keeps each event id so a duplicate changes nothing.",
        rationale_heading="Ownership",
    ),
    Mapping(
        "psp",
        "External SaaS",
        ("psp_api",),
        "The PSP vaults cards, issues tokens and moves money; FinCore reaches it over HTTPS "
        "with a platform key.",
        rationale_heading="Ownership",
    ),
)

_PAY = Message(
    "api_client",
    "payment_service",
    "10. POST /v1/payments (token, amount, Idempotency-Key)",
    step="10",
)
_CHARGE = Message(
    "payment_service", "psp", "10b. POST /v1/charges (token, key = payment id)", step="10b"
)
_PAGE = Message("merchant_frontend", "api_client", "9. POST token to merchant backend", step="9")

SCENARIOS = (
    Scenario(
        "sequence-success",
        "steps 9-10b when the charge succeeds",
        (
            _PAGE,
            _PAY,
            _CHARGE,
            Message("psp", "payment_service", "201 charge succeeded", Arrow.REPLY),
            Message("payment_service", "api_client", "201 payment succeeded", Arrow.REPLY),
            Message("api_client", "merchant_frontend", "order confirmed", Arrow.REPLY),
        ),
    ),
    Scenario(
        "sequence-decline",
        "steps 9-10b when the card is declined",
        (
            _PAGE,
            _PAY,
            _CHARGE,
            Message("psp", "payment_service", "402 card_error, decline_code", Arrow.REPLY),
            Note("payment_service", "payment_service", "payment stored as failed"),
            Message(
                "payment_service",
                "api_client",
                "402 card_error (payment id, decline_code)",
                Arrow.REPLY,
            ),
            Message(
                "api_client",
                "merchant_frontend",
                "declined: ask for another card (step 4)",
                Arrow.REPLY,
            ),
        ),
    ),
    Scenario(
        "sequence-pending",
        "steps 9-10b when the PSP's answer is lost, then reconciled",
        (
            _PAGE,
            _PAY,
            _CHARGE,
            Message("psp", "payment_service", "answer lost (timeout or reset)", Arrow.LOST),
            Note("payment_service", "psp", "retried with the same key, still no answer"),
            Message("payment_service", "api_client", "202 payment pending", Arrow.REPLY),
            Message("api_client", "merchant_frontend", "order awaits payment", Arrow.REPLY),
            Note(
                "payment_service", "psp", "resolver, on every task: pending longer than the lease"
            ),
            Message("payment_service", "psp", "GET charge made with key = payment id"),
            Message(
                "psp", "payment_service", "the charge (none: sent again, same key)", Arrow.REPLY
            ),
            Note("payment_service", "payment_service", "pending becomes succeeded or failed"),
            Message("api_client", "payment_service", "GET /v1/payments/{id} (or retry, same key)"),
            Message("payment_service", "api_client", "200 succeeded or failed", Arrow.REPLY),
        ),
    ),
    Scenario(
        "sequence-three-d-secure",
        "steps 9-17 when the card needs 3-D Secure and the shopper approves the challenge",
        (
            _PAGE,
            _PAY,
            _CHARGE,
            Message("psp", "payment_service", "202 requires_action (challenge URL)", Arrow.REPLY),
            Message(
                "payment_service",
                "api_client",
                "202 requires_action, next_action {type, url} only",
                Arrow.REPLY,
            ),
            Message("api_client", "merchant_frontend", "requires_action, next_action", Arrow.REPLY),
            Message(
                "sdk_core",
                "psp_challenge",
                "15. GET next_action.url?origin (PSP origin only)",
                step="15",
            ),
            Message("user", "psp_challenge", "15b. Approve", step="15b"),
            Message(
                "psp_challenge", "psp", "16. POST result (nonce, once); charge succeeds", step="16"
            ),
            Message("psp_challenge", "sdk_core", "16b. fincore:three-ds-result", step="16b"),
            Message("sdk_core", "merchant_frontend", "17. {status: succeeded}", step="17"),
            Message(
                "merchant_frontend", "api_client", "GET outcome (the page's word is not enough)"
            ),
            Message("api_client", "payment_service", "GET /v1/payments/{id}"),
            Message("payment_service", "psp", "GET charge made with key = payment id"),
            Message("psp", "payment_service", "the charge: succeeded", Arrow.REPLY),
            Note("payment_service", "payment_service", "requires_action becomes succeeded; event"),
            Message("payment_service", "api_client", "200 succeeded", Arrow.REPLY),
            Message("api_client", "merchant_frontend", "order confirmed", Arrow.REPLY),
        ),
    ),
)


def fincore_model() -> ArchitectureModel:
    """Build (and so validate) the FinCore tokenization architecture."""
    return ArchitectureModel(
        elements=ELEMENTS,
        boundaries=BOUNDARIES,
        relations=RELATIONS,
        deployment_groups=DEPLOYMENT_GROUPS,
        deployment_nodes=DEPLOYMENT_NODES,
        physical_relations=PHYSICAL_RELATIONS,
        mappings=MAPPINGS,
        scenarios=SCENARIOS,
    )
