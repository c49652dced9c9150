"""The bucket the load balancer writes its access logs to."""

from troposphere import AWSObject, GetAtt, Sub, s3

from fincore.architecture.aws.context import LOG_RETENTION_DAYS, checkov_skips, ref

ALB_LOG_PREFIX = "alb"


def resources() -> list[AWSObject]:
    """The log bucket (SSE-S3: the only encryption ALB log delivery supports) and its policy."""
    return [
        s3.Bucket(
            "AccessLogBucket",
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            BucketEncryption=s3.BucketEncryption(
                ServerSideEncryptionConfiguration=[
                    s3.ServerSideEncryptionRule(
                        ServerSideEncryptionByDefault=s3.ServerSideEncryptionByDefault(
                            SSEAlgorithm="AES256"
                        )
                    )
                ]
            ),
            VersioningConfiguration=s3.VersioningConfiguration(Status="Enabled"),
            OwnershipControls=s3.OwnershipControls(
                Rules=[s3.OwnershipControlsRule(ObjectOwnership="BucketOwnerEnforced")]
            ),
            PublicAccessBlockConfiguration=s3.PublicAccessBlockConfiguration(
                BlockPublicAcls=True,
                BlockPublicPolicy=True,
                IgnorePublicAcls=True,
                RestrictPublicBuckets=True,
            ),
            LifecycleConfiguration=s3.LifecycleConfiguration(
                Rules=[
                    s3.LifecycleRule(
                        Id="expire", Status="Enabled", ExpirationInDays=LOG_RETENTION_DAYS
                    )
                ]
            ),
            Metadata=checkov_skips(
                ("CKV_AWS_18", "The access-log bucket does not log its own reads (it would loop)"),
            ),
        ),
        s3.BucketPolicy(
            "AccessLogBucketPolicy",
            Bucket=ref("AccessLogBucket"),
            PolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "LoadBalancerDelivers",
                        "Effect": "Allow",
                        "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": Sub(
                            f"${{AccessLogBucket.Arn}}/{ALB_LOG_PREFIX}/AWSLogs/${{AWS::AccountId}}/*"
                        ),
                    },
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [
                            GetAtt("AccessLogBucket", "Arn"),
                            Sub("${AccessLogBucket.Arn}/*"),
                        ],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                ],
            },
        ),
    ]
