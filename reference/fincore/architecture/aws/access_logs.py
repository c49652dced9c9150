"""The bucket the load balancer writes its access logs to."""

from troposphere import AWSObject, GetAtt, Sub, s3

from fincore.architecture.aws.buckets import private_bucket
from fincore.architecture.aws.context import LOG_RETENTION_DAYS, ref

ALB_LOG_PREFIX = "alb"


def resources() -> list[AWSObject]:
    """The log bucket (SSE-S3: the only encryption ALB log delivery supports) and its policy."""
    return [
        private_bucket(
            "AccessLogBucket",
            "The access-log bucket does not log its own reads (it would loop)",
            LifecycleConfiguration=s3.LifecycleConfiguration(
                Rules=[
                    s3.LifecycleRule(
                        Id="expire", Status="Enabled", ExpirationInDays=LOG_RETENTION_DAYS
                    )
                ]
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
