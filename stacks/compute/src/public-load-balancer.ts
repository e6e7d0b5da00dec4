import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import { AlbLogBucket } from "./alb-log-bucket";
import { DEREGISTRATION_DELAY_SECONDS } from "./spot-shutdown";

/** The only TLS policy every checker we follow accepts (ELB.17, CKV2_AWS_74, AVD-AWS-0047, Pulumi premium). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const ACCESS_LOG_PREFIX = "alb";

export const HTTP_ONLY_WARNING =
  "No certificateArn is configured: the load balancer serves plain HTTP on port 80. Set certificateArn to an ACM certificate to get HTTPS with an HTTP->HTTPS redirect.";

export interface PublicLoadBalancerArgs {
  readonly environmentSuffix: string;
  readonly vpcId: pulumi.Input<string>;
  /** The 3 public subnets, one per AZ. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /** The port the tasks listen on (the security groups are built for it). */
  readonly appPort: pulumi.Input<number>;
  readonly healthCheckPath: string;
  /** Unset: an HTTP listener forwards directly, with a deploy-time warning. */
  readonly certificateArn?: string;
}

/** Internet-facing ALB in the public subnets, with access logs, an `ip` target group and its listeners. */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly logBucket: AlbLogBucket;
  /** The listener that forwards to the target group; the service must wait for it. */
  readonly forwardingListener: aws.lb.Listener;

  constructor(name: string, args: PublicLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:PublicLoadBalancer", name, {}, opts);

    this.logBucket = new AlbLogBucket(`${name}-logs`, { environmentSuffix: args.environmentSuffix, prefix: ACCESS_LOG_PREFIX }, { parent: this });

    this.loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        name: physicalName("alb", "analytics-alb", args.environmentSuffix),
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        subnets: args.subnetIds,
        securityGroups: [args.securityGroupId],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        // Environments must be destroyable (documented suppression of ELB.6).
        enableDeletionProtection: false,
        accessLogs: { bucket: this.logBucket.bucket.id, prefix: ACCESS_LOG_PREFIX, enabled: true },
      },
      // CreateLoadBalancer verifies it can write the logs, so the delivery policy comes first.
      { parent: this, dependsOn: [this.logBucket.policy] },
    );

    this.targetGroup = new aws.lb.TargetGroup(
      name,
      {
        name: physicalName("targetGroup", "analytics-tg", args.environmentSuffix),
        // awsvpc tasks register by ENI address.
        targetType: "ip",
        port: args.appPort,
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        vpcId: args.vpcId,
        // Drain, then SIGTERM: sized with stopTimeout to fit the Spot notice (spot-shutdown.ts).
        deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
        healthCheck: {
          enabled: true,
          path: args.healthCheckPath,
          port: "traffic-port",
          protocol: "HTTP",
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      { parent: this },
    );

    const forward = [{ type: "forward", targetGroupArn: this.targetGroup.arn }];
    if (args.certificateArn !== undefined) {
      this.forwardingListener = new aws.lb.Listener(
        `${name}-https`,
        { loadBalancerArn: this.loadBalancer.arn, port: 443, protocol: "HTTPS", sslPolicy: TLS_POLICY, certificateArn: args.certificateArn, defaultActions: forward },
        { parent: this },
      );
      // Port 80 exists only to redirect.
      new aws.lb.Listener(
        `${name}-http`,
        {
          loadBalancerArn: this.loadBalancer.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        },
        { parent: this },
      );
    } else {
      pulumi.log.warn(HTTP_ONLY_WARNING, this);
      // Same logical name as the redirect listener, so adding a certificate updates it in place.
      this.forwardingListener = new aws.lb.Listener(
        `${name}-http`,
        { loadBalancerArn: this.loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: forward },
        { parent: this },
      );
    }

    this.registerOutputs({});
  }
}
