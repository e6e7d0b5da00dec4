import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import { endpointServiceName } from "./endpoint-services";

export interface SecurityGroupsArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Region of the VPC; selects the S3 managed prefix list tasks may reach. */
  readonly region: string;
  /** Sources allowed to reach the ALB on 443 and 80 (80 only redirects to 443). */
  readonly albIngressCidrs: readonly string[];
  /** The container port: ALB -> task. */
  readonly appPort: number;
  /** The Aurora port: task -> database. */
  readonly databasePort: number;
  readonly environmentSuffix: string;
}

/** HTTPS: every AWS API behind the endpoints, and the ALB's listener. */
export const HTTPS_PORT = 443;
/** The ALB's HTTP listener, which only redirects to HTTPS. */
export const HTTP_PORT = 80;

type RuleArgs = Omit<aws.vpc.SecurityGroupIngressRuleArgs, "securityGroupId" | "ipProtocol" | "tags"> & { description: string };

/** "0.0.0.0/0" -> "0-0-0-0-0": a stable, name-safe key for rules per CIDR. */
export const cidrKey = (cidr: string): string => cidr.replace(/[./]/g, "-");

/**
 * The four security groups and every rule between them, each rule a standalone resource with a
 * description (no inline rules, so nothing fights over them). Traffic allowed, and nothing else:
 *   internet (albIngressCidrs) -> ALB 443/80 -> task appPort -> database databasePort
 *   task -> endpoints 443, task -> S3 prefix list 443.
 * Tasks are the only callers of the interface endpoints, so the endpoint group admits the task
 * group and no subnet CIDR: there is no rotation Lambda or other workload in the private subnets,
 * and RDS rotates its managed master secret itself
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html).
 * The provider revokes AWS's default allow-all egress on create, so a group without egress rules
 * (database, endpoints) sends nothing. DNS to the VPC resolver is never filtered by security groups.
 */
export class SecurityGroups extends pulumi.ComponentResource {
  readonly alb: aws.ec2.SecurityGroup;
  readonly task: aws.ec2.SecurityGroup;
  readonly database: aws.ec2.SecurityGroup;
  readonly endpoint: aws.ec2.SecurityGroup;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:network:SecurityGroups", name, {}, opts);
    const suffix = args.environmentSuffix;

    const group = (key: string, description: string) => {
      const groupName = physicalName("securityGroup", `${key}-sg`, suffix);
      return new aws.ec2.SecurityGroup(
        `${name}-${key}`,
        { name: groupName, description, vpcId: args.vpcId, tags: { Name: groupName } },
        { parent: this },
      );
    };
    this.alb = group("alb", "Internet-facing ALB: HTTPS and HTTP in, app port out to tasks only");
    this.task = group("task", "Fargate tasks: app port from the ALB, out to endpoints, S3 and the database only");
    this.database = group("database", "Aurora PostgreSQL: database port from tasks only, no egress");
    this.endpoint = group("endpoint", "Interface VPC endpoints: HTTPS from tasks only");

    const ruleTags = (key: string) => ({ Name: physicalName("generic", key, suffix) });
    const ingress = (key: string, target: aws.ec2.SecurityGroup, rule: RuleArgs) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${key}`,
        { securityGroupId: target.id, ipProtocol: "tcp", ...rule, tags: ruleTags(key) },
        { parent: this },
      );
    const egress = (key: string, source: aws.ec2.SecurityGroup, rule: RuleArgs) =>
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${key}`,
        { securityGroupId: source.id, ipProtocol: "tcp", ...rule, tags: ruleTags(key) },
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
    egress("alb-to-task", this.alb, {
      ...port(args.appPort),
      referencedSecurityGroupId: this.task.id,
      description: "Requests and health checks from the ALB to tasks on the app port",
    });

    // Tasks
    ingress("task-from-alb", this.task, {
      ...port(args.appPort),
      referencedSecurityGroupId: this.alb.id,
      description: "Requests and health checks from the ALB on the app port",
    });
    egress("task-to-endpoint", this.task, {
      ...port(HTTPS_PORT),
      referencedSecurityGroupId: this.endpoint.id,
      description: "AWS APIs (ECR, Logs, Secrets Manager, ...) through the interface endpoints",
    });
    // S3 is reached through the gateway endpoint at S3's public addresses: only the managed
    // prefix list names them. ECR image layers come this way too.
    const s3PrefixList = aws.ec2.getManagedPrefixListOutput({ name: endpointServiceName(args.region, "s3") }, { parent: this });
    egress("task-to-s3", this.task, {
      ...port(HTTPS_PORT),
      prefixListId: s3PrefixList.id,
      description: "S3 (data buckets and ECR image layers) through the gateway endpoint",
    });
    egress("task-to-database", this.task, {
      ...port(args.databasePort),
      referencedSecurityGroupId: this.database.id,
      description: "PostgreSQL connections from tasks to Aurora",
    });

    // Database
    ingress("database-from-task", this.database, {
      ...port(args.databasePort),
      referencedSecurityGroupId: this.task.id,
      description: "PostgreSQL connections from tasks",
    });

    // Endpoints
    ingress("endpoint-from-task", this.endpoint, {
      ...port(HTTPS_PORT),
      referencedSecurityGroupId: this.task.id,
      description: "HTTPS from tasks to the interface endpoints",
    });

    this.registerOutputs({
      albSecurityGroupId: this.alb.id,
      taskSecurityGroupId: this.task.id,
      databaseSecurityGroupId: this.database.id,
      endpointSecurityGroupId: this.endpoint.id,
    });
  }
}
