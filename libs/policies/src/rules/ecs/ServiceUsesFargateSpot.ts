import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { list, show } from "../../lib/values";

/**
 * ECS services place their tasks on FARGATE_SPOT (requirement). An on-demand FARGATE entry may
 * only provide a base (weight 0), so every task beyond the base runs on Spot. The strategy must be
 * on the service itself: a launchType or a cluster default would not be visible here.
 */
export const ServiceUsesFargateSpot: ResourceValidationPolicy = {
  name: "service-uses-fargate-spot",
  description: "ECS services run their tasks on FARGATE_SPOT through an explicit capacity provider strategy.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.Service, (service, _args, report) => {
    if (service.launchType !== undefined) {
      report(`launchType is ${show(service.launchType)}; use a capacity provider strategy with FARGATE_SPOT instead.`);
    }
    const strategies = list(service.capacityProviderStrategies);
    const spot = strategies.find((s) => s.capacityProvider === "FARGATE_SPOT");
    if (!spot || !((spot.weight ?? 0) > 0)) {
      report(`capacityProviderStrategies is ${show(service.capacityProviderStrategies)}; it needs FARGATE_SPOT with a weight above 0.`);
    }
    for (const other of strategies.filter((s) => s.capacityProvider !== "FARGATE_SPOT" && (s.weight ?? 0) > 0)) {
      report(`Capacity provider '${other.capacityProvider}' has weight ${other.weight}; only FARGATE_SPOT may carry weight (others may give a base).`);
    }
  }),
};
