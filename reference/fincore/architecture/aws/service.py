"""The Payment Service: the ALB with its HTTPS listener and WAF, ECS service, task, autoscaling."""

from troposphere import AWSObject, GetAtt, Ref, Sub, applicationautoscaling, ec2, ecs, iam
from troposphere import elasticloadbalancingv2 as elb

from fincore.architecture.aws import waf
from fincore.architecture.aws.access_logs import ALB_LOG_PREFIX
from fincore.architecture.aws.context import (
    CONTAINER_NAME,
    CONTAINER_PORT,
    CPU_TARGET_PERCENT,
    HTTPS_PORT,
    MAX_TASKS,
    MIN_TASKS,
    POSTGRES_PORT,
    TASK_CPU,
    TASK_MEMORY,
    VPC_CIDR,
    Parameters,
    named,
    ref,
)
from fincore.architecture.aws.keys import allow, assumed_by
from fincore.architecture.aws.network import subnets

_SECRETS = {
    "FINCORE_PAYMENTS_DATABASE_URL": "DatabaseUrlSecret",
    "FINCORE_PAYMENTS_PSP_SECRET_KEY": "PspPlatformKeySecret",
    "FINCORE_PAYMENTS_MERCHANTS": "MerchantsSecret",
}
# AWS's TLS 1.3 policy (TLS 1.2 still allowed for older merchant backends).
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


def resources(parameters: Parameters) -> list[AWSObject]:
    """The load balancer and its firewall, then the ECS resources."""
    return [*_load_balancer(parameters), *waf.resources(), *_containers(parameters)]


def _load_balancer(parameters: Parameters) -> list[AWSObject]:
    return [
        _security_group(
            "LoadBalancerSecurityGroup",
            "HTTPS from merchant backends (physical step 6)",
            ingress=[_rule("merchant backends", HTTPS_PORT, CidrIp="0.0.0.0/0")],
            egress=[_rule("tasks", CONTAINER_PORT, CidrIp=VPC_CIDR)],
        ),
        elb.LoadBalancer(
            "LoadBalancer",
            DependsOn="AccessLogBucketPolicy",
            Scheme="internet-facing",
            Type="application",
            Subnets=subnets("Public"),
            SecurityGroups=[GetAtt("LoadBalancerSecurityGroup", "GroupId")],
            LoadBalancerAttributes=[
                elb.LoadBalancerAttributes(Key=key, Value=value)
                for key, value in (
                    ("routing.http.drop_invalid_header_fields.enabled", "true"),
                    ("routing.http.desync_mitigation_mode", "strictest"),
                    ("deletion_protection.enabled", "true"),
                    ("access_logs.s3.enabled", "true"),
                    ("access_logs.s3.prefix", ALB_LOG_PREFIX),
                )
            ]
            + [
                elb.LoadBalancerAttributes(
                    Key="access_logs.s3.bucket", Value=ref("AccessLogBucket")
                )
            ],
        ),
        elb.TargetGroup(
            "TargetGroup",
            Port=CONTAINER_PORT,
            Protocol="HTTP",
            TargetType="ip",
            VpcId=ref("Vpc"),
            HealthCheckPath="/healthz",
            Matcher=elb.Matcher(HttpCode="200"),
        ),
        elb.Listener(
            "HttpsListener",
            LoadBalancerArn=ref("LoadBalancer"),
            Port=HTTPS_PORT,
            Protocol="HTTPS",
            SslPolicy=TLS_POLICY,
            Certificates=[elb.Certificate(CertificateArn=Ref(parameters.api_certificate_arn))],
            DefaultActions=[elb.Action(Type="forward", TargetGroupArn=ref("TargetGroup"))],
        ),
    ]


def _containers(parameters: Parameters) -> list[AWSObject]:
    secret_arns = [ref(name) for name in _SECRETS.values()]
    return [
        ecs.Cluster(
            "Cluster",
            ClusterSettings=[ecs.ClusterSetting(Name="containerInsights", Value="enabled")],
        ),
        _security_group(
            "TaskSecurityGroup",
            "fincore-payments tasks: from the ALB; to PostgreSQL and, through NAT, the PSP",
            ingress=[
                _rule(
                    "load balancer",
                    CONTAINER_PORT,
                    SourceSecurityGroupId=GetAtt("LoadBalancerSecurityGroup", "GroupId"),
                )
            ],
            egress=[
                _rule("PSP over HTTPS (6b) and AWS APIs", HTTPS_PORT, CidrIp="0.0.0.0/0"),
                _rule("PostgreSQL", POSTGRES_PORT, CidrIp=VPC_CIDR),
            ],
        ),
        iam.Role(
            "TaskExecutionRole",
            AssumeRolePolicyDocument=assumed_by("ecs-tasks.amazonaws.com"),
            ManagedPolicyArns=[
                Sub(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                    "AmazonECSTaskExecutionRolePolicy"
                )
            ],
            Policies=[
                iam.Policy(
                    PolicyName="read-payments-secrets",
                    PolicyDocument=allow(["secretsmanager:GetSecretValue"], secret_arns),
                ),
                iam.Policy(
                    PolicyName="decrypt-payments-secrets",
                    PolicyDocument=allow(["kms:Decrypt"], GetAtt("EncryptionKey", "Arn")),
                ),
            ],
        ),
        # The application itself calls no AWS API: its role grants nothing.
        iam.Role("TaskRole", AssumeRolePolicyDocument=assumed_by("ecs-tasks.amazonaws.com")),
        _task_definition(parameters),
        ecs.Service(
            "Service",
            DependsOn="HttpsListener",
            Cluster=ref("Cluster"),
            LaunchType="FARGATE",
            DesiredCount=MIN_TASKS,
            TaskDefinition=ref("TaskDefinition"),
            HealthCheckGracePeriodSeconds=30,
            PropagateTags="SERVICE",
            DeploymentConfiguration=ecs.DeploymentConfiguration(
                MinimumHealthyPercent=100,
                MaximumPercent=200,
                DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
            ),
            NetworkConfiguration=ecs.NetworkConfiguration(
                AwsvpcConfiguration=ecs.AwsvpcConfiguration(
                    AssignPublicIp="DISABLED",
                    Subnets=subnets("Private"),
                    SecurityGroups=[GetAtt("TaskSecurityGroup", "GroupId")],
                )
            ),
            LoadBalancers=[
                ecs.LoadBalancer(
                    ContainerName=CONTAINER_NAME,
                    ContainerPort=CONTAINER_PORT,
                    TargetGroupArn=ref("TargetGroup"),
                )
            ],
        ),
        applicationautoscaling.ScalableTarget(
            "ServiceScalableTarget",
            MinCapacity=MIN_TASKS,
            MaxCapacity=MAX_TASKS,
            ResourceId=Sub("service/${Cluster}/${Service.Name}"),
            ScalableDimension="ecs:service:DesiredCount",
            ServiceNamespace="ecs",
        ),
        applicationautoscaling.ScalingPolicy(
            "ServiceCpuScaling",
            PolicyName=named("cpu"),
            PolicyType="TargetTrackingScaling",
            ScalingTargetId=ref("ServiceScalableTarget"),
            TargetTrackingScalingPolicyConfiguration=(
                applicationautoscaling.TargetTrackingScalingPolicyConfiguration(
                    TargetValue=CPU_TARGET_PERCENT,
                    ScaleInCooldown=120,
                    ScaleOutCooldown=30,
                    PredefinedMetricSpecification=applicationautoscaling.PredefinedMetricSpecification(
                        PredefinedMetricType="ECSServiceAverageCPUUtilization"
                    ),
                )
            ),
        ),
    ]


def _task_definition(parameters: Parameters) -> AWSObject:
    container = ecs.ContainerDefinition(
        Name=CONTAINER_NAME,
        Image=Ref(parameters.container_image),
        Essential=True,
        User="10001",
        Privileged=False,
        ReadonlyRootFilesystem=True,
        PortMappings=[ecs.PortMapping(ContainerPort=CONTAINER_PORT, Protocol="tcp")],
        # The request log lives in the data directory: a task-local volume, not the image.
        MountPoints=[ecs.MountPoint(ContainerPath="/var/lib/fincore", SourceVolume="data")],
        Environment=[
            ecs.Environment(Name="FINCORE_PAYMENTS_ENVIRONMENT", Value="production"),
            ecs.Environment(Name="FINCORE_PAYMENTS_PSP_URL", Value=Ref(parameters.psp_url)),
        ],
        Secrets=[ecs.Secret(Name=name, ValueFrom=ref(secret)) for name, secret in _SECRETS.items()],
        LogConfiguration=ecs.LogConfiguration(
            LogDriver="awslogs",
            Options={
                "awslogs-group": ref("ServiceLogGroup"),
                "awslogs-region": Ref("AWS::Region"),
                "awslogs-stream-prefix": "payments",
            },
        ),
    )
    return ecs.TaskDefinition(
        "TaskDefinition",
        Family=named("payments"),
        Cpu=TASK_CPU,
        Memory=TASK_MEMORY,
        NetworkMode="awsvpc",
        RequiresCompatibilities=["FARGATE"],
        ExecutionRoleArn=GetAtt("TaskExecutionRole", "Arn"),
        TaskRoleArn=GetAtt("TaskRole", "Arn"),
        Volumes=[ecs.Volume(Name="data")],
        ContainerDefinitions=[container],
    )


def _security_group(
    name: str,
    description: str,
    ingress: list[ec2.SecurityGroupRule],
    egress: list[ec2.SecurityGroupRule],
) -> AWSObject:
    return ec2.SecurityGroup(
        name,
        GroupDescription=description,
        VpcId=ref("Vpc"),
        SecurityGroupIngress=ingress,
        SecurityGroupEgress=egress,
    )


def _rule(description: str, port: int, **peer: object) -> ec2.SecurityGroupRule:
    return ec2.SecurityGroupRule(
        Description=description, IpProtocol="tcp", FromPort=port, ToPort=port, **peer
    )
