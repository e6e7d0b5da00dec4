import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_TAG } from "@fin/contracts";
import { physicalName } from "@fin/naming";
import type { ServiceRoute } from "./catalog";
import { LEGACY_NAME, LEGACY_SUCCESSOR } from "./migration";
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
  /** The public catalog services, each with its port, health path and route; exactly one is the default. */
  readonly routes: readonly PublicRoute[];
  /** Unset: an HTTP listener forwards directly, with a deploy-time warning. */
  readonly certificateArn?: string;
}

/** A public service as the load balancer routes to it. */
export interface PublicRoute {
  readonly service: string;
  readonly port: number;
  readonly healthPath: string;
  readonly route: ServiceRoute;
}

/**
 * The listener rule conditions of a route: one path-pattern and/or one host-header condition, each
 * matching any of its values (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
 */
export function ruleConditions(route: { readonly paths: readonly string[]; readonly hosts: readonly string[] }): aws.types.input.lb.ListenerRuleCondition[] {
  return [
    ...(route.paths.length === 0 ? [] : [{ pathPattern: { values: [...route.paths] } }]),
    ...(route.hosts.length === 0 ? [] : [{ hostHeader: { values: [...route.hosts] } }]),
  ];
}

/**
 * The internet-facing ALB every public catalog service shares, in the public subnets, with access logs
 * and its listeners; one `ip` target group per public service, the default route's behind the
 * listener's default action and every other one behind a listener rule.
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  /** Per public service. */
  readonly targetGroups: Readonly<Record<string, aws.lb.TargetGroup>>;
  /** Per public service that is not the default route. */
  readonly listenerRules: Readonly<Record<string, aws.lb.ListenerRule>>;
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

    const targetGroups: Record<string, aws.lb.TargetGroup> = {};
    for (const r of args.routes) {
      targetGroups[r.service] = new aws.lb.TargetGroup(
        r.service,
        {
          name: physicalName("targetGroup", `${r.service}-tg`, args.environmentSuffix),
          // awsvpc tasks register by ENI address.
          targetType: "ip",
          port: r.port,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          vpcId: args.vpcId,
          // Drain, then SIGTERM: sized with stopTimeout to fit the Spot notice (spot-shutdown.ts).
          deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
          healthCheck: {
            enabled: true,
            path: r.healthPath,
            port: "traffic-port",
            protocol: "HTTP",
            matcher: "200-399",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
          tags: { [SERVICE_TAG]: r.service },
        },
        // The single service's target group becomes api's (migration.ts): the name changes, so AWS replaces it.
        { parent: this, ...(r.route.kind === "default" && r.service === LEGACY_SUCCESSOR ? { aliases: [{ name: LEGACY_NAME }] } : {}) },
      );
    }
    this.targetGroups = targetGroups;
    const defaultRoute = args.routes.find((r) => r.route.kind === "default");
    if (defaultRoute === undefined) {
      // catalog.ts guarantees one; a caller that skipped it gets a clear error, not a listener without a target.
      throw new Error("PublicLoadBalancer needs exactly one route with { default: true }");
    }

    const forward = [{ type: "forward", targetGroupArn: targetGroups[defaultRoute.service].arn }];
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

    const rules: Record<string, aws.lb.ListenerRule> = {};
    for (const r of args.routes) {
      if (r.route.kind === "rule") {
        rules[r.service] = new aws.lb.ListenerRule(
          r.service,
          {
            listenerArn: this.forwardingListener.arn,
            priority: r.route.priority,
            conditions: ruleConditions(r.route),
            actions: [{ type: "forward", targetGroupArn: targetGroups[r.service].arn }],
            tags: { [SERVICE_TAG]: r.service },
          },
          { parent: this },
        );
      }
    }
    this.listenerRules = rules;

    this.registerOutputs({});
  }
}
