import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";

export interface SecurityGroupsArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Sources allowed to reach the ALB on 443 and 80 (80 only redirects to 443). */
  readonly albIngressCidrs: readonly string[];
  readonly environmentSuffix: string;
}

/** HTTPS: every AWS API behind the endpoints, and the ALB's listener. */
export const HTTPS_PORT = 443;
/** The ALB's HTTP listener, which only redirects to HTTPS. */
export const HTTP_PORT = 80;

type RuleArgs = Omit<aws.vpc.SecurityGroupIngressRuleArgs, "securityGroupId" | "ipProtocol" | "tags"> & { description: string };

/** "0.0.0.0/0" -> "0-0-0-0-0": a stable, name-safe key for rules per CIDR. */
export const cidrKey = (cidr: string): string => cidr.replace(/[./]/g, "-");

/** The host's groups that serve the whole VPC rather than one environment (ADR 0019). */
export interface VpcWideGroups {
  /** The interface endpoints' group; each environment's compute adds one ingress rule per service to it. */
  readonly endpoint: aws.ec2.SecurityGroup;
  /**
   * Retired (ADR 0017): the group every task shared before each service had its own. It keeps no
   * rule, nothing admits it, and it is not exported, so joining it grants nothing. It is still
   * declared, unchanged (name and description are ForceNew), because tasks deployed before the
   * catalog sit in it until compute's next `up` replaces them, and EC2 refuses to delete a group an
   * ENI uses (DeleteSecurityGroup: DependencyViolation,
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html). Remove it in a
   * release after every environment's compute has moved.
   */
  readonly task: aws.ec2.SecurityGroup;
}

/**
 * One environment's groups (ALB, database), each rule a standalone resource with a description (no
 * inline rules, so the compute layer can add its own rules to the same groups without either stack
 * fighting over them: terraform-provider-aws,
 * website/docs/r/vpc_security_group_ingress_rule.html.markdown). This layer declares only the
 * internet-facing rules, internet (albIngressCidrs) -> ALB 443/80; every rule that names a service
 * (ALB -> service, service -> database, service -> endpoints) is the compute layer's (ADR 0017).
 * The provider revokes AWS's default allow-all egress on create, so a group without egress rules
 * sends nothing until compute adds one. DNS to the VPC resolver is never filtered by security groups.
 *
 * A host network (ADR 0019) also calls {@link addVpcWideGroups}; a guest network declares only these
 * two groups, in its host's VPC, so no environment's rule ever admits another environment's tasks.
 */
export class SecurityGroups extends pulumi.ComponentResource {
  readonly alb: aws.ec2.SecurityGroup;
  readonly database: aws.ec2.SecurityGroup;
  private readonly group: (key: string, description: string) => aws.ec2.SecurityGroup;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:network:SecurityGroups", name, {}, opts);
    const suffix = args.environmentSuffix;

    this.group = (key, description) => {
      const groupName = physicalName("securityGroup", `${key}-sg`, suffix);
      return new aws.ec2.SecurityGroup(
        `${name}-${key}`,
        { name: groupName, description, vpcId: args.vpcId, tags: { Name: groupName } },
        { parent: this },
      );
    };
    this.alb = this.group("alb", "Internet-facing ALB: HTTPS and HTTP in; egress to public services added by the compute layer");
    this.database = this.group("database", "Aurora PostgreSQL: database port from services granted database:connect only, no egress");

    const ruleTags = (key: string) => ({ Name: physicalName("generic", key, suffix) });
    const ingress = (key: string, target: aws.ec2.SecurityGroup, rule: RuleArgs) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${key}`,
        { securityGroupId: target.id, ipProtocol: "tcp", ...rule, tags: ruleTags(key) },
        { parent: this },
      );
    const port = (p: number) => ({ fromPort: p, toPort: p });

    // ALB
    for (const cidr of args.albIngressCidrs) {
      ingress(`alb-https-from-${cidrKey(cidr)}`, this.alb, { ...port(HTTPS_PORT), cidrIpv4: cidr, description: `HTTPS from ${cidr} to the ALB` });
      ingress(`alb-http-from-${cidrKey(cidr)}`, this.alb, {
        ...port(HTTP_PORT),
        cidrIpv4: cidr,
        description: `HTTP from ${cidr} to the ALB, which redirects it to HTTPS`,
      });
    }
    // The groups' remaining rules are per service and belong to the compute layer (ADR 0017): it
    // declares standalone rules on these groups sourced from each service's own group, so the ALB
    // reaches only public services, the database only services granted database:connect, and the
    // endpoints every service. This layer never reads compute, and no shared task group exists that
    // an unrelated workload could join and be admitted to the database.

    this.registerOutputs({ albSecurityGroupId: this.alb.id, databaseSecurityGroupId: this.database.id });
  }

  /**
   * The host's VPC-wide groups, children of this component with the names and descriptions they
   * always had (so an existing stack keeps their URNs and physical groups). Call once, in host mode.
   */
  addVpcWideGroups(): VpcWideGroups {
    return {
      task: this.group("task", "Fargate tasks: app port from the ALB, out to endpoints, S3 and the database only"),
      endpoint: this.group("endpoint", "Interface VPC endpoints: HTTPS from the compute layer's service groups only"),
    };
  }
}
