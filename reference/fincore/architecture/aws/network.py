"""VPC, two public and two private subnets in two AZs, one NAT gateway per AZ, VPC flow logs."""

from troposphere import AWSObject, GetAtt, GetAZs, Ref, Select, Tags, ec2

from fincore.architecture.aws.context import PRIVATE_CIDRS, PUBLIC_CIDRS, VPC_CIDR, named, ref

ZONES = ("A", "B")


def resources() -> list[AWSObject]:
    """Every network resource, the VPC first."""
    made: list[AWSObject] = [
        ec2.VPC(
            "Vpc",
            CidrBlock=VPC_CIDR,
            EnableDnsHostnames=True,
            EnableDnsSupport=True,
            Tags=Tags(Name=named("vpc")),
        ),
        ec2.InternetGateway("InternetGateway"),
        ec2.VPCGatewayAttachment(
            "InternetGatewayAttachment", VpcId=ref("Vpc"), InternetGatewayId=ref("InternetGateway")
        ),
        ec2.FlowLog(
            "VpcFlowLog",
            ResourceId=ref("Vpc"),
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="cloud-watch-logs",
            LogGroupName=ref("FlowLogGroup"),
            DeliverLogsPermissionArn=GetAtt("FlowLogRole", "Arn"),
        ),
        ec2.RouteTable("PublicRouteTable", VpcId=ref("Vpc")),
        ec2.Route(
            "PublicInternetRoute",
            DependsOn="InternetGatewayAttachment",
            RouteTableId=ref("PublicRouteTable"),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=ref("InternetGateway"),
        ),
    ]
    for index, zone in enumerate(ZONES):
        made += _zone(index, zone)
    return made


def _zone(index: int, zone: str) -> list[AWSObject]:
    """One AZ: its public subnet with a NAT gateway, its private subnet routed through it."""
    az = Select(index, GetAZs(Ref("AWS::Region")))
    public, private = f"PublicSubnet{zone}", f"PrivateSubnet{zone}"
    return [
        ec2.Subnet(
            public,
            VpcId=ref("Vpc"),
            AvailabilityZone=az,
            CidrBlock=PUBLIC_CIDRS[index],
            MapPublicIpOnLaunch=False,
            Tags=Tags(Name=named(f"public-{zone.lower()}")),
        ),
        ec2.SubnetRouteTableAssociation(
            f"{public}Routes", SubnetId=ref(public), RouteTableId=ref("PublicRouteTable")
        ),
        ec2.EIP(f"NatAddress{zone}", DependsOn="InternetGatewayAttachment", Domain="vpc"),
        ec2.NatGateway(
            f"NatGateway{zone}",
            AllocationId=GetAtt(f"NatAddress{zone}", "AllocationId"),
            SubnetId=ref(public),
        ),
        ec2.Subnet(
            private,
            VpcId=ref("Vpc"),
            AvailabilityZone=az,
            CidrBlock=PRIVATE_CIDRS[index],
            MapPublicIpOnLaunch=False,
            Tags=Tags(Name=named(f"private-{zone.lower()}")),
        ),
        ec2.RouteTable(f"PrivateRouteTable{zone}", VpcId=ref("Vpc")),
        # Each private subnet leaves through its own AZ's NAT gateway: losing one AZ does not
        # cut the other's path to the PSP (physical step 6b).
        ec2.Route(
            f"PrivateNatRoute{zone}",
            RouteTableId=ref(f"PrivateRouteTable{zone}"),
            DestinationCidrBlock="0.0.0.0/0",
            NatGatewayId=ref(f"NatGateway{zone}"),
        ),
        ec2.SubnetRouteTableAssociation(
            f"{private}Routes", SubnetId=ref(private), RouteTableId=ref(f"PrivateRouteTable{zone}")
        ),
    ]


def subnets(tier: str) -> list[Ref]:
    """References to the two subnets of one tier ("Public" or "Private")."""
    return [ref(f"{tier}Subnet{zone}") for zone in ZONES]
