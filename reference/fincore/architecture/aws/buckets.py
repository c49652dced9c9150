"""The S3 bucket shape both of the stack's buckets share: private, encrypted, versioned, kept."""

from typing import Any

from troposphere import s3

from fincore.architecture.aws.context import checkov_skips


def private_bucket(title: str, why_no_access_log: str, **properties: Any) -> s3.Bucket:
    """A bucket no one can make public, whose objects only its owner owns, encrypted with SSE-S3
    (the one encryption both CloudFront's origin access control and ALB log delivery accept),
    versioned, and retained when the stack is deleted. Neither bucket logs its own reads:
    ``why_no_access_log`` is the reason checkov is told."""
    return s3.Bucket(
        title,
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
        Metadata=checkov_skips(("CKV_AWS_18", why_no_access_log)),
        **properties,
    )
