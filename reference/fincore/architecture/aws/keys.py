"""One customer-managed KMS key, the secrets it encrypts, and the log groups it encrypts."""

from typing import Any

from troposphere import AWSObject, GetAtt, Sub, iam, kms, logs, secretsmanager

from fincore.architecture.aws.context import LOG_RETENTION_DAYS, named, ref


def resources() -> list[AWSObject]:
    """The key, its alias, the four secrets, two log groups and the flow-log role."""
    return [
        kms.Key(
            "EncryptionKey",
            Description=named("payments"),
            EnableKeyRotation=True,
            KeyPolicy=_key_policy(),
        ),
        kms.Alias(
            "EncryptionKeyAlias",
            AliasName=Sub("alias/${AWS::StackName}-payments"),
            TargetKeyId=ref("EncryptionKey"),
        ),
        _secret(
            "DatabaseMasterSecret",
            "PostgreSQL master user (generated; read by RDS and by DatabaseUrlSecret)",
            GenerateSecretString=secretsmanager.GenerateSecretString(
                SecretStringTemplate='{"username": "fincore"}',
                GenerateStringKey="password",
                PasswordLength=32,
                ExcludePunctuation=True,
            ),
        ),
        _secret(
            "DatabaseUrlSecret",
            "FINCORE_PAYMENTS_DATABASE_URL for the task",
            SecretString=Sub(
                "postgresql+psycopg://fincore:"
                "{{resolve:secretsmanager:${DatabaseMasterSecret}:SecretString:password}}"
                "@${Database.Endpoint.Address}:${Database.Endpoint.Port}/fincore?sslmode=require"
            ),
        ),
        _secret(
            "PspPlatformKeySecret",
            "FINCORE_PAYMENTS_PSP_SECRET_KEY: the PSP's platform key, put here after deployment",
            GenerateSecretString=secretsmanager.GenerateSecretString(PasswordLength=40),
        ),
        _secret(
            "MerchantsSecret",
            "FINCORE_PAYMENTS_MERCHANTS: merchant accounts with their keys (JSON list)",
            SecretString="[]",
        ),
        _log_group("ServiceLogGroup", "payments"),
        _log_group("FlowLogGroup", "vpc-flow"),
        iam.Role(
            "FlowLogRole",
            AssumeRolePolicyDocument=assumed_by("vpc-flow-logs.amazonaws.com"),
            Policies=[
                iam.Policy(
                    PolicyName="write-flow-logs",
                    PolicyDocument=allow(
                        ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        GetAtt("FlowLogGroup", "Arn"),
                    ),
                )
            ],
        ),
    ]


def _secret(name: str, description: str, **value: Any) -> AWSObject:
    return secretsmanager.Secret(
        name,
        Description=description,
        KmsKeyId=ref("EncryptionKey"),
        **value,
    )


def _log_group(name: str, suffix: str) -> AWSObject:
    return logs.LogGroup(
        name,
        LogGroupName=Sub(f"/fincore/${{AWS::StackName}}/{suffix}"),
        RetentionInDays=LOG_RETENTION_DAYS,
        KmsKeyId=GetAtt("EncryptionKey", "Arn"),
    )


def _key_policy() -> dict[str, Any]:
    # The account administers the key; CloudWatch Logs may use it for this account's groups only.
    logs_arn = Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*")
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsEncrypts",
                "Effect": "Allow",
                "Principal": {"Service": Sub("logs.${AWS::Region}.amazonaws.com")},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": logs_arn}},
            },
        ],
    }


def assumed_by(service: str) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement]}


def allow(actions: list[str], resource: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": actions, "Resource": resource}
    return {"Version": "2012-10-17", "Statement": [statement]}
