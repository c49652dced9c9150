"""The FinCore client-side tokenization architecture, defined once.

The model of ``docs/architecture.md`` (the project's architecture document): its logical view,
physical view and component-to-resource table, plus what a picture leaves out (protocols,
technologies, the PCI scope of every component). Every diagram in ``diagrams/`` is generated from
:func:`fincore_model`, and ``tests/architecture`` fails when the document and the model disagree;
to change a picture, change the document, then this file, then run ``make diagrams``.
"""

from fincore.architecture.model import (
    ArchitectureModel,
    Boundary,
    C4Kind,
    DeploymentNode,
    Element,
    Mapping,
    Relation,
    ResourceKind,
)

BOUNDARIES = (
    Boundary("client_browser", "Client's Web Browser"),
    Boundary("fincore_js_sdk", "FinCore JS SDK", parent="client_browser"),
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
        boundary="client_browser",
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
        "psp_iframe",
        "PSP's Iframe",
        C4Kind.COMPONENT,
        technology="iframe hosted by the PSP",
        description="for card fields",
        boundary="fincore_js_sdk",
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
)

DEPLOYMENT_GROUPS = (
    Boundary("client_side", "Client-Side"),
    Boundary("aws_cloud", "AWS Cloud (FinCore)"),
    Boundary("global_content_delivery", "Global Content Delivery", parent="aws_cloud"),
    Boundary("vpc", "VPC", parent="aws_cloud"),
    Boundary("merchant_infrastructure", "Merchant Infrastructure"),
    Boundary("psp_infrastructure", "PSP Infrastructure"),
)

DEPLOYMENT_NODES = (
    DeploymentNode("browser", "User's Browser", ResourceKind.BROWSER, "client_side"),
    DeploymentNode("cdn", "Amazon CloudFront (CDN)", ResourceKind.CDN, "global_content_delivery"),
    DeploymentNode(
        "s3",
        "Amazon S3 Bucket",
        ResourceKind.OBJECT_STORE,
        "global_content_delivery",
        detail="Hosts fincore.js",
    ),
    DeploymentNode("alb", "Application Load Balancer (ALB)", ResourceKind.LOAD_BALANCER, "vpc"),
    DeploymentNode(
        "task",
        "Fargate Task",
        ResourceKind.CONTAINER_TASK,
        "vpc",
        detail="fincore-payments container",
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
    Relation("6", "merchant_server", "alb", "API Call", realizes=("10",)),
    Relation("6b", "task", "psp_api", "Charge API call", realizes=("10b",)),
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
        "psp",
        "External SaaS",
        ("psp_api",),
        "The PSP vaults cards, issues tokens and moves money; FinCore reaches it over HTTPS "
        "with a platform key.",
        rationale_heading="Ownership",
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
    )
