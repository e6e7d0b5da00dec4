import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { referenced } from "../../lib/references";
import { list } from "../../lib/values";

interface Action {
  readonly type?: string;
  readonly targetGroupArn?: unknown;
  readonly forward?: { readonly targetGroups?: readonly { readonly arn?: unknown }[] };
}

/** The target group ARNs a listener's or rule's actions forward to (simple or weighted forward). */
function forwardTargets(actions: unknown): unknown[] {
  return list(actions as Action[])
    .filter((a) => a.type === "forward")
    .flatMap((a) => [...(a.targetGroupArn !== undefined ? [a.targetGroupArn] : []), ...list(a.forward?.targetGroups).map((t) => t.arn)]);
}

/**
 * Every public service (an ECS service with a load balancer) is reachable through the listener: each
 * of its target groups is a listener's default forward target or a listener rule's forward target.
 * ECS registers tasks in the target group whatever routes to it, so a group no listener forwards to
 * keeps a service running, paid for and healthy-looking that no request can reach (issue 16: "every
 * public service behind the listener"). A target group only routes traffic once a listener or rule
 * forwards to it: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
 */
export const PublicServiceBehindListener: StackValidationPolicy = {
  name: "public-service-behind-listener",
  description: "Every ECS service with a load balancer has its target group forwarded to by a listener or listener rule.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const isTargetGroup = (r: PolicyResource) => r.isType(aws.lb.TargetGroup);
    const routers = args.resources.filter((r) => r.isType(aws.lb.Listener) || r.isType(aws.lb.ListenerRule));
    const routed = new Set(
      routers.flatMap((r) => {
        const values = forwardTargets(r.isType(aws.lb.Listener) ? r.props.defaultActions : r.props.actions);
        return values.length > 0 ? referenced(args.resources, r, values, isTargetGroup) : [];
      }),
    );
    for (const service of args.resources.filter((r) => r.isType(aws.ecs.Service))) {
      const values = list(service.props.loadBalancers as { targetGroupArn?: unknown }[]).map((lb) => lb.targetGroupArn);
      if (values.length === 0) {
        continue;
      }
      for (const group of referenced(args.resources, service, values, isTargetGroup).filter((g) => !routed.has(g))) {
        report(
          `ECS service '${String(service.props.name)}' registers in target group '${String(group.props.name)}', which no listener default action or listener rule forwards to.`,
          service.urn,
        );
      }
    }
  },
};
