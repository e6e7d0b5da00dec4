import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
} from "@aws-sdk/client-ec2";
import { REQUIREMENTS } from "@fin/config";
import { NETWORK_OUTPUT_KEYS, type NetworkOutputs } from "@fin/contracts";
import type { Check } from "../check";

const distinct = (values: readonly (string | undefined)[]) => [...new Set(values.filter((v): v is string => v !== undefined))].sort();

/** Public and private subnets each cover the required number of AZs, all inside the VPC. */
export function availabilityZonesCheck(network: NetworkOutputs): Check {
  return {
    id: "vpc.availability-zones",
    title: `VPC subnets span ${REQUIREMENTS.availabilityZoneCount} availability zones`,
    resource: network.vpcId,
    async run(aws) {
      const ids = [...network.publicSubnetIds, ...network.privateSubnetIds];
      const { Subnets = [] } = await aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids }));
      const azsOf = (wanted: readonly string[]) => distinct(Subnets.filter((s) => wanted.includes(s.SubnetId!)).map((s) => s.AvailabilityZone));
      const observed = {
        publicAzs: azsOf(network.publicSubnetIds),
        privateAzs: azsOf(network.privateSubnetIds),
        outsideVpc: Subnets.filter((s) => s.VpcId !== network.vpcId).map((s) => s.SubnetId),
      };
      const n = REQUIREMENTS.availabilityZoneCount;
      return {
        pass: observed.publicAzs.length === n && observed.privateAzs.length === n && observed.outsideVpc.length === 0,
        expected: { publicAzCount: n, privateAzCount: n, outsideVpc: [] },
        observed,
      };
    },
  };
}

/** Private subnets never hand out public IPs, and their route tables have no default route. */
export function privateSubnetsCheck(network: NetworkOutputs): Check {
  return {
    id: "vpc.private-subnets",
    title: "private subnets assign no public IPs and have no route to the internet",
    resource: network.privateSubnetIds.join(","),
    async run(aws) {
      const { Subnets = [] } = await aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: network.privateSubnetIds }));
      const { RouteTables = [] } = await aws.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: network.privateRouteTableIds }));
      const defaultRoutes = RouteTables.flatMap((table) =>
        (table.Routes ?? [])
          .filter((r) => r.DestinationCidrBlock === "0.0.0.0/0" || r.DestinationIpv6CidrBlock === "::/0")
          .map((r) => `${table.RouteTableId} -> ${r.GatewayId ?? r.NatGatewayId ?? r.TransitGatewayId ?? r.NetworkInterfaceId ?? "other"}`),
      );
      const observed = {
        publicIpOnLaunch: Subnets.filter((s) => s.MapPublicIpOnLaunch === true).map((s) => s.SubnetId),
        defaultRoutes,
      };
      return { pass: observed.publicIpOnLaunch.length === 0 && defaultRoutes.length === 0, expected: { publicIpOnLaunch: [], defaultRoutes: [] }, observed };
    },
  };
}

/** The requirements forbid NAT gateways: endpoints carry all AWS traffic. */
export function noNatGatewayCheck(network: NetworkOutputs): Check {
  return {
    id: "vpc.no-nat-gateway",
    title: "no NAT gateway in the VPC",
    resource: network.vpcId,
    async run(aws) {
      const { NatGateways = [] } = await aws.ec2.send(
        new DescribeNatGatewaysCommand({
          // Deleted gateways stay visible for about an hour; only live ones cost money and route traffic.
          Filter: [
            { Name: "vpc-id", Values: [network.vpcId] },
            { Name: "state", Values: ["pending", "available"] },
          ],
        }),
      );
      const observed = NatGateways.map((g) => g.NatGatewayId);
      return { pass: observed.length === 0, expected: [], observed };
    },
  };
}

/**
 * Every endpoint the network layer exports is available: the S3 gateway on every private route
 * table, each interface endpoint for its service with private DNS (without it the SDKs in the
 * tasks resolve public names, which no NAT can reach).
 */
export function endpointsCheck(network: NetworkOutputs, region: string): Check {
  const wanted: Record<string, string> = { s3: network.s3GatewayEndpointId, ...network.interfaceEndpointIds };
  return {
    id: "vpc.endpoints",
    title: "VPC endpoints are available (S3 gateway on private route tables, interface endpoints with private DNS)",
    resource: Object.values(wanted).join(","),
    async run(aws) {
      const { VpcEndpoints = [] } = await aws.ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: Object.values(wanted) }));
      const observed: Record<string, string> = {};
      for (const [service, endpointId] of Object.entries(wanted)) {
        const endpoint = VpcEndpoints.find((e) => e.VpcEndpointId === endpointId);
        if (!endpoint) {
          observed[service] = `${endpointId} missing`;
          continue;
        }
        const state = (endpoint.State ?? "unknown").toLowerCase();
        const gateway = service === "s3";
        const expectedType = gateway ? "Gateway" : "Interface";
        const problems = [
          state === "available" ? undefined : `state ${state}`,
          endpoint.ServiceName === `com.amazonaws.${region}.${service}` ? undefined : `service ${endpoint.ServiceName}`,
          endpoint.VpcEndpointType === expectedType ? undefined : `type ${endpoint.VpcEndpointType}`,
          endpoint.VpcId === network.vpcId ? undefined : `vpc ${endpoint.VpcId}`,
          gateway && network.privateRouteTableIds.some((rt) => !(endpoint.RouteTableIds ?? []).includes(rt)) ? "not on every private route table" : undefined,
          !gateway && endpoint.PrivateDnsEnabled !== true ? "private DNS off" : undefined,
        ].filter((p): p is string => p !== undefined);
        observed[service] = problems.length === 0 ? "available" : problems.join(", ");
      }
      return { pass: Object.values(observed).every((o) => o === "available"), expected: Object.fromEntries(Object.keys(wanted).map((s) => [s, "available"])), observed };
    },
  };
}

/**
 * The VPC's flow log is delivering: DeliverLogsStatus SUCCESS (FAILED when the role or the group
 * refuses it: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html).
 */
export function flowLogDeliveryCheck(network: NetworkOutputs): Check {
  return {
    id: "vpc.flow-log-delivery",
    title: "the VPC flow log delivers to its log group (DeliverLogsStatus SUCCESS)",
    resource: network.vpcId,
    async run(aws) {
      const { FlowLogs = [] } = await aws.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [network.vpcId] }] }));
      const observed = FlowLogs.map((f) => ({
        flowLogId: f.FlowLogId,
        logGroupName: f.LogGroupName ?? null,
        deliverLogsStatus: f.DeliverLogsStatus ?? null,
        ...(f.DeliverLogsErrorMessage ? { error: f.DeliverLogsErrorMessage } : {}),
      }));
      const ours = observed.filter((f) => f.logGroupName === network.flowLogGroupName);
      return {
        pass: ours.length > 0 && ours.every((f) => f.deliverLogsStatus === "SUCCESS"),
        expected: { logGroupName: network.flowLogGroupName, deliverLogsStatus: "SUCCESS" },
        observed,
      };
    },
  };
}

/** The outputs a guest network declares itself (the contract of issue 18); every other one is its host's. */
export const GUEST_OWN_OUTPUTS: readonly (keyof NetworkOutputs)[] = ["albSecurityGroupId", "databaseSecurityGroupId"];

/**
 * A guest network is its host's, with groups of its own: every output but its ALB and database
 * groups equals the host's (so the checks above judge the host's VPC), and those two groups exist
 * in the host's VPC and are not the host's own (another environment's rules never admit its tasks).
 */
export function guestNetworkCheck(network: NetworkOutputs, host: { readonly stack: string; readonly network: NetworkOutputs }): Check {
  const own = GUEST_OWN_OUTPUTS.map((k) => [k, String(network[k])] as const);
  return {
    id: "vpc.guest-of-host",
    title: `the network is ${host.stack}'s, with this environment's own ALB and database security groups in its VPC`,
    resource: own.map(([, id]) => id).join(","),
    async run(aws) {
      const notReexported = (Object.keys(NETWORK_OUTPUT_KEYS) as (keyof NetworkOutputs)[]).filter(
        (k) => !GUEST_OWN_OUTPUTS.includes(k) && JSON.stringify(network[k]) !== JSON.stringify(host.network[k]),
      );
      const { SecurityGroups = [] } = await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: own.map(([, id]) => id) }));
      const groups = Object.fromEntries(
        own.map(([k, id]) => {
          const found = SecurityGroups.find((g) => g.GroupId === id);
          return [k, found === undefined ? `${id} missing` : found.VpcId === host.network.vpcId ? "in the host's VPC" : `in ${found.VpcId}`];
        }),
      );
      const observed = { notReexported, groups, sameAsHost: own.filter(([k, id]) => id === host.network[k]).map(([k]) => k) };
      const expected = { notReexported: [], groups: Object.fromEntries(own.map(([k]) => [k, "in the host's VPC"])), sameAsHost: [] };
      return { pass: JSON.stringify(observed) === JSON.stringify(expected), expected, observed };
    },
  };
}
