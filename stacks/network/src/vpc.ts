import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import { checkedAvailabilityZones } from "./availability-zones";
import { SubnetPlan, planSubnets } from "./cidr";

export interface VpcArgs {
  /**
   * IPv4 CIDR of the VPC; must pass `vpcCidrProblem` (config validates it).
   * @remarks **Replaces on change:** the VPC, every subnet and everything in them.
   */
  readonly cidrBlock: string;
  /**
   * One public and one private subnet per AZ, in this order. Checked against the region's
   * available zones at deploy time, before anything is created.
   */
  readonly availabilityZones: readonly string[];
  /** The provider's region; names it in the AZ check's message. */
  readonly region: string;
  readonly environmentSuffix: string;
}

/** One tier's subnet in one AZ. */
export interface PlacedSubnet {
  readonly availabilityZone: string;
  readonly cidrBlock: string;
  readonly subnet: aws.ec2.Subnet;
}

/**
 * The VPC with DNS on (private DNS of interface endpoints needs both attributes), a public and a
 * private subnet per AZ, an internet gateway routed from the public route table only, one private
 * route table per AZ with no default route, and the default security group emptied. No NAT exists:
 * private subnets reach AWS services only through VPC endpoints.
 */
export class Vpc extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly internetGateway: aws.ec2.InternetGateway;
  readonly publicSubnets: PlacedSubnet[];
  readonly privateSubnets: PlacedSubnet[];
  readonly publicRouteTable: aws.ec2.RouteTable;
  /** One per AZ, in AZ order; the S3 gateway endpoint adds its routes here. */
  readonly privateRouteTables: aws.ec2.RouteTable[];
  readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
  /** The configured AZs, resolved only once AWS lists each as available in the region. */
  readonly availabilityZones: pulumi.Output<string[]>;

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:network:Vpc", name, {}, opts);
    const suffix = args.environmentSuffix;
    const nameTag = (base: string) => physicalName("generic", base, suffix);
    const plan: SubnetPlan = planSubnets(args.cidrBlock, args.availabilityZones.length);

    // The VPC and the subnets take their inputs through the checked zones, and everything else
    // waits on the VPC's id: a configured AZ the region does not offer fails the program before
    // the first resource is sent to the engine.
    this.availabilityZones = checkedAvailabilityZones(args.availabilityZones, args.region, { parent: this });
    const zone = (i: number) => this.availabilityZones.apply((zones) => zones[i]);

    // VPC
    this.vpc = new aws.ec2.Vpc(
      name,
      {
        cidrBlock: this.availabilityZones.apply(() => args.cidrBlock),
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: physicalName("vpc", "vpc", suffix) },
      },
      { parent: this },
    );
    const vpcId = this.vpc.id;

    // Adopting the default group with no rules revokes AWS's allow-all rules (EC2.2); nothing uses it.
    this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
      `${name}-default`,
      { vpcId, ingress: [], egress: [], tags: { Name: nameTag("default-sg") } },
      { parent: this },
    );

    // Subnets: no public IPs on launch anywhere; the ALB gets its addresses without it (EC2.15).
    const subnets = (tier: "public" | "private", cidrs: string[]): PlacedSubnet[] =>
      args.availabilityZones.map((availabilityZone, i) => ({
        availabilityZone,
        cidrBlock: cidrs[i],
        subnet: new aws.ec2.Subnet(
          `${name}-${tier}-${availabilityZone}`,
          {
            vpcId,
            availabilityZone: zone(i),
            cidrBlock: cidrs[i],
            mapPublicIpOnLaunch: false,
            tags: { Name: nameTag(`${tier}-${availabilityZone}`), tier },
          },
          { parent: this },
        ),
      }));
    this.publicSubnets = subnets("public", plan.public);
    this.privateSubnets = subnets("private", plan.private);

    // Public routing: the only default route in the VPC, for the internet-facing ALB.
    this.internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId, tags: { Name: nameTag("igw") } }, { parent: this });
    this.publicRouteTable = new aws.ec2.RouteTable(`${name}-public`, { vpcId, tags: { Name: nameTag("public-rt"), tier: "public" } }, { parent: this });
    new aws.ec2.Route(
      `${name}-public-internet`,
      { routeTableId: this.publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway.id },
      { parent: this },
    );
    for (const placed of this.publicSubnets) {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${placed.availabilityZone}`,
        { routeTableId: this.publicRouteTable.id, subnetId: placed.subnet.id },
        { parent: this },
      );
    }

    // Private routing: local routes only. One table per AZ keeps per-AZ routing possible later
    // without touching the other AZs.
    this.privateRouteTables = this.privateSubnets.map((placed) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-${placed.availabilityZone}`,
        { vpcId, tags: { Name: nameTag(`private-rt-${placed.availabilityZone}`), tier: "private" } },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${placed.availabilityZone}`,
        { routeTableId: table.id, subnetId: placed.subnet.id },
        { parent: this },
      );
      return table;
    });

    this.registerOutputs({
      vpcId: this.vpc.id,
      publicSubnetIds: this.publicSubnets.map((s) => s.subnet.id),
      privateSubnetIds: this.privateSubnets.map((s) => s.subnet.id),
      privateRouteTableIds: this.privateRouteTables.map((t) => t.id),
    });
  }
}
