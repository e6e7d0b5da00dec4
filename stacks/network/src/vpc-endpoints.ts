import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "@fin/iam";
import { physicalName } from "@fin/naming";
import { ENDPOINT_POLICY_SCOPE, InterfaceEndpointService, endpointServiceName } from "./endpoint-services";

export interface VpcEndpointsArgs {
  readonly vpcId: pulumi.Input<string>;
  readonly region: string;
  /** One per AZ: each interface endpoint gets an ENI in each. */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The S3 gateway endpoint adds S3's prefix-list route to each. */
  readonly privateRouteTableIds: pulumi.Input<string>[];
  /** The endpoint security group (443 from tasks only). */
  readonly securityGroupId: pulumi.Input<string>;
  /** Interface endpoints to create; ADR 0003 explains the default set. */
  readonly interfaceServices: readonly InterfaceEndpointService[];
  readonly environmentSuffix: string;
}

/** The S3 bucket ECR serves image layers from in a region; AWS owns it, so the account condition cannot admit it. */
export const ecrLayerBucket = (region: string): string => `prod-${region}-starport-layer-bucket`;

/**
 * The S3 endpoint admits this account's buckets and ECR's layer bucket, nothing else: code in the
 * private subnets cannot copy data to a bucket of another account through it.
 */
export function s3EndpointPolicy(ctx: { partition: string; accountId: string; region: string }): PolicyDocument {
  return policyDocument(
    {
      Sid: "AllowBucketsOfThisAccount",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:*",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceAccount": ctx.accountId } },
    },
    {
      Sid: "AllowEcrImageLayers",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:${ctx.partition}:s3:::${ecrLayerBucket(ctx.region)}/*`,
    },
  );
}

/**
 * The policy of one interface endpoint, or undefined where the service gets none (ADR 0003).
 * An endpoint policy only caps what passes through the endpoint; IAM still has to allow it
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html). One Allow of
 * every action by `"*"` conditioned on the caller's account (aws:PrincipalAccount) keeps other
 * accounts' credentials out of this network; aws:ResourceAccount is added only where every action
 * called through the endpoint names a resource of this account, since a condition on a key the
 * request does not carry never matches (IAM guide, condition keys:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
export function interfaceEndpointPolicy(service: InterfaceEndpointService, accountId: string): PolicyDocument | undefined {
  const scope = ENDPOINT_POLICY_SCOPE[service];
  if (scope === "none") {
    return undefined;
  }
  const resourceToo = scope === "principal-and-resource";
  return policyDocument({
    Sid: resourceToo ? "AllowThisAccountOnItsOwnResources" : "AllowPrincipalsOfThisAccount",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": accountId, ...(resourceToo ? { "aws:ResourceAccount": accountId } : {}) } },
  });
}

/**
 * How private subnets reach AWS without NAT: the S3 gateway endpoint (free) on every private route
 * table, and one interface endpoint per service with private DNS, so SDKs resolve the normal
 * service hostnames to the endpoint ENIs.
 */
export class VpcEndpoints extends pulumi.ComponentResource {
  readonly s3Gateway: aws.ec2.VpcEndpoint;
  /** Keyed by short service name ("ecr.api", "logs", ...). */
  readonly interfaceEndpoints: Record<string, aws.ec2.VpcEndpoint>;
  /** The interface endpoint ids, keyed like {@link interfaceEndpoints}. */
  readonly interfaceEndpointIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:network:VpcEndpoints", name, {}, opts);
    const suffix = args.environmentSuffix;
    const nameTag = (service: string) => physicalName("generic", `vpce-${service.replace(/\./g, "-")}`, suffix);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    // Gateway
    this.s3Gateway = new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: args.vpcId,
        serviceName: endpointServiceName(args.region, "s3"),
        vpcEndpointType: "Gateway",
        routeTableIds: args.privateRouteTableIds,
        policy: pulumi
          .all([partition.partition, identity.accountId])
          .apply(([p, accountId]) => JSON.stringify(s3EndpointPolicy({ partition: p, accountId, region: args.region }))),
        tags: { Name: nameTag("s3") },
      },
      { parent: this },
    );

    // Interface. Without a `policy` input the endpoint keeps AWS's full-access default
    // (@pulumi/aws ec2/vpcEndpoint.d.ts `policy`: "Defaults to full access").
    const policyInput = (service: InterfaceEndpointService) =>
      ENDPOINT_POLICY_SCOPE[service] === "none"
        ? {}
        : { policy: identity.accountId.apply((accountId) => JSON.stringify(interfaceEndpointPolicy(service, accountId))) };
    this.interfaceEndpoints = Object.fromEntries(
      args.interfaceServices.map((service) => [
        service,
        new aws.ec2.VpcEndpoint(
          `${name}-${service}`,
          {
            vpcId: args.vpcId,
            serviceName: endpointServiceName(args.region, service),
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: args.privateSubnetIds,
            securityGroupIds: [args.securityGroupId],
            ...policyInput(service),
            tags: { Name: nameTag(service) },
          },
          { parent: this },
        ),
      ]),
    );

    this.interfaceEndpointIds = pulumi.all(
      Object.fromEntries(Object.entries(this.interfaceEndpoints).map(([service, endpoint]) => [service, endpoint.id])),
    );

    this.registerOutputs({ s3GatewayEndpointId: this.s3Gateway.id, interfaceEndpointIds: this.interfaceEndpointIds });
  }
}
