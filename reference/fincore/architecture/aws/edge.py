"""fincore.js on S3, reached only through CloudFront (origin access control), CORS for SRI."""

from troposphere import AWSObject, GetAtt, Ref, Sub, cloudfront, s3

from fincore.architecture.aws.buckets import private_bucket
from fincore.architecture.aws.context import Parameters, checkov_skips, named, ref

# AWS's managed "CachingOptimized" cache policy: no cookies, headers or query strings in the key.
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
# Versioned file names (fincore-<version>.js) never change, so a year and `immutable` are safe;
# a merchant upgrades by changing the URL and its integrity hash together (docs/adr/0003).
IMMUTABLE = "public, max-age=31536000, immutable"
_ONE_PUBLIC_FILE = (
    "Access logs of one public, integrity-pinned script add no signal that the PCI DSS 11.6.1 "
    "check of what browsers receive does not give; point them at the organisation's log "
    "archive where one exists (not part of this stack)"
)


def resources(parameters: Parameters) -> list[AWSObject]:
    """Bucket, bucket policy, origin access control, response headers policy, distribution."""
    return [
        private_bucket("SdkBucket", _ONE_PUBLIC_FILE),
        s3.BucketPolicy(
            "SdkBucketPolicy", Bucket=ref("SdkBucket"), PolicyDocument=_bucket_policy()
        ),
        cloudfront.OriginAccessControl(
            "OriginAccessControl",
            OriginAccessControlConfig=cloudfront.OriginAccessControlConfig(
                Name=named("sdk"),
                OriginAccessControlOriginType="s3",
                SigningBehavior="always",
                SigningProtocol="sigv4",
            ),
        ),
        cloudfront.ResponseHeadersPolicy(
            "SdkResponseHeadersPolicy",
            ResponseHeadersPolicyConfig=_headers_policy(),
        ),
        _distribution(parameters),
    ]


def _bucket_policy() -> dict[str, object]:
    objects = Sub("${SdkBucket.Arn}/*")
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudFrontReadsThroughOriginAccessControl",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": objects,
                "Condition": {
                    "StringEquals": {
                        "AWS:SourceArn": Sub(
                            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:"
                            "distribution/${Distribution}"
                        )
                    }
                },
            },
            {
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [GetAtt("SdkBucket", "Arn"), objects],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }


def _headers_policy() -> cloudfront.ResponseHeadersPolicyConfig:
    # SRI makes the browser fetch the script in CORS mode (crossorigin="anonymous"): without
    # Access-Control-Allow-Origin the integrity check cannot run and the script is refused.
    return cloudfront.ResponseHeadersPolicyConfig(
        Name=named("sdk"),
        Comment="fincore.js: CORS for Subresource Integrity, immutable caching, security headers",
        CorsConfig=cloudfront.CorsConfig(
            AccessControlAllowCredentials=False,
            AccessControlAllowHeaders=cloudfront.AccessControlAllowHeaders(Items=["*"]),
            AccessControlAllowMethods=cloudfront.AccessControlAllowMethods(Items=["GET", "HEAD"]),
            AccessControlAllowOrigins=cloudfront.AccessControlAllowOrigins(Items=["*"]),
            AccessControlMaxAgeSec=86400,
            OriginOverride=True,
        ),
        CustomHeadersConfig=cloudfront.CustomHeadersConfig(
            Items=[cloudfront.CustomHeader(Header="Cache-Control", Value=IMMUTABLE, Override=True)]
        ),
        SecurityHeadersConfig=cloudfront.SecurityHeadersConfig(
            ContentTypeOptions=cloudfront.ContentTypeOptions(Override=True),
            StrictTransportSecurity=cloudfront.StrictTransportSecurity(
                AccessControlMaxAgeSec=63072000, IncludeSubdomains=True, Override=True
            ),
        ),
    )


def _distribution(parameters: Parameters) -> AWSObject:
    return cloudfront.Distribution(
        "Distribution",
        DistributionConfig=cloudfront.DistributionConfig(
            Enabled=True,
            Comment=named("fincore.js"),
            Aliases=[Ref(parameters.sdk_domain_name)],
            HttpVersion="http2and3",
            IPV6Enabled=True,
            PriceClass="PriceClass_100",
            Origins=[
                cloudfront.Origin(
                    Id="sdk-bucket",
                    DomainName=GetAtt("SdkBucket", "RegionalDomainName"),
                    OriginAccessControlId=GetAtt("OriginAccessControl", "Id"),
                    S3OriginConfig=cloudfront.S3OriginConfig(OriginAccessIdentity=""),
                )
            ],
            DefaultCacheBehavior=cloudfront.DefaultCacheBehavior(
                TargetOriginId="sdk-bucket",
                ViewerProtocolPolicy="https-only",
                AllowedMethods=["GET", "HEAD"],
                CachedMethods=["GET", "HEAD"],
                Compress=True,
                CachePolicyId=CACHING_OPTIMIZED,
                ResponseHeadersPolicyId=ref("SdkResponseHeadersPolicy"),
            ),
            ViewerCertificate=cloudfront.ViewerCertificate(
                AcmCertificateArn=Ref(parameters.sdk_certificate_arn),
                SslSupportMethod="sni-only",
                MinimumProtocolVersion="TLSv1.2_2021",
            ),
        ),
        Metadata=checkov_skips(
            (
                "CKV_AWS_68",
                "No WAF on the SDK's distribution: it serves one static, integrity-pinned file "
                "for GET only; a web ACL for CloudFront must live in us-east-1 (ADR 0004)",
            ),
            ("CKV_AWS_86", _ONE_PUBLIC_FILE),
        ),
    )
