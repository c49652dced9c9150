"""RDS for PostgreSQL, Multi-AZ and encrypted, reachable only from the Fargate tasks."""

from troposphere import AWSObject, GetAtt, Sub, ec2, iam, rds

from fincore.architecture.aws.context import DATABASE_CLASS, POSTGRES_PORT, named, ref
from fincore.architecture.aws.keys import assumed_by
from fincore.architecture.aws.network import subnets

_MASTER = "{{resolve:secretsmanager:${DatabaseMasterSecret}:SecretString:%s}}"


def resources() -> list[AWSObject]:
    """The database instance, its subnet group, security group and monitoring role."""
    return [
        iam.Role(
            "DatabaseMonitoringRole",
            AssumeRolePolicyDocument=assumed_by("monitoring.rds.amazonaws.com"),
            ManagedPolicyArns=[
                Sub(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                    "AmazonRDSEnhancedMonitoringRole"
                )
            ],
        ),
        rds.DBSubnetGroup(
            "DatabaseSubnetGroup",
            DBSubnetGroupDescription=named("payments database, private subnets"),
            SubnetIds=subnets("Private"),
        ),
        ec2.SecurityGroup(
            "DatabaseSecurityGroup",
            GroupDescription="PostgreSQL from the Payment Service tasks only",
            VpcId=ref("Vpc"),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(
                    Description="fincore-payments tasks",
                    IpProtocol="tcp",
                    FromPort=POSTGRES_PORT,
                    ToPort=POSTGRES_PORT,
                    SourceSecurityGroupId=GetAtt("TaskSecurityGroup", "GroupId"),
                )
            ],
        ),
        rds.DBInstance(
            "Database",
            DeletionPolicy="Snapshot",
            UpdateReplacePolicy="Snapshot",
            Engine="postgres",
            EngineVersion="17.6",
            DBInstanceClass=DATABASE_CLASS,
            DBName="fincore",
            AllocatedStorage="100",
            StorageType="gp3",
            MultiAZ=True,
            StorageEncrypted=True,
            KmsKeyId=ref("EncryptionKey"),
            MasterUsername=Sub(_MASTER % "username"),
            MasterUserPassword=Sub(_MASTER % "password"),
            DBSubnetGroupName=ref("DatabaseSubnetGroup"),
            VPCSecurityGroups=[GetAtt("DatabaseSecurityGroup", "GroupId")],
            PubliclyAccessible=False,
            BackupRetentionPeriod=14,
            DeletionProtection=True,
            CopyTagsToSnapshot=True,
            AutoMinorVersionUpgrade=True,
            EnableIAMDatabaseAuthentication=True,
            EnableCloudwatchLogsExports=["postgresql"],
            EnablePerformanceInsights=True,
            PerformanceInsightsKMSKeyId=GetAtt("EncryptionKey", "Arn"),
            MonitoringInterval=60,
            MonitoringRoleArn=GetAtt("DatabaseMonitoringRole", "Arn"),
        ),
    ]
