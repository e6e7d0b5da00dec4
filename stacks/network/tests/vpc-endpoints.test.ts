import { MockHarness, TEST_ACCOUNT_ID, runProgram, setupMocks } from "@fin/testing";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../src/endpoint-services";
import { VpcEndpoints, ecrLayerBucket } from "../src/vpc-endpoints";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const VPC_ID = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"];
const TABLES = ["rtb-0000000000000000a", "rtb-0000000000000000b", "rtb-0000000000000000c"];
const SG_ID = "sg-0000000000000000e";

let harness: MockHarness;
let component: VpcEndpoints;

beforeAll(async () => {
  harness = await setupMocks({ project: "fin-network", stack: "dev" });
  await runProgram(() => {
    component = new VpcEndpoints("vpce", {
      vpcId: VPC_ID,
      region: "us-east-2",
      privateSubnetIds: SUBNETS,
      privateRouteTableIds: TABLES,
      securityGroupId: SG_ID,
      interfaceServices: DEFAULT_INTERFACE_ENDPOINTS,
      environmentSuffix: "dev",
    });
  });
});

describe("VpcEndpoints", () => {
  it("puts the S3 gateway endpoint on every private route table", () => {
    const { policy, ...inputs } = harness.one(ENDPOINT, "vpce-s3").inputs;
    expect(inputs).toEqual({
      vpcId: VPC_ID,
      serviceName: "com.amazonaws.us-east-2.s3",
      vpcEndpointType: "Gateway",
      routeTableIds: TABLES,
      tags: { Name: "vpce-s3-dev" },
    });
    expect(JSON.parse(policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowBucketsOfThisAccount",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": TEST_ACCOUNT_ID } },
        },
        {
          Sid: "AllowEcrImageLayers",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::prod-us-east-2-starport-layer-bucket/*",
        },
      ],
    });
    expect(ecrLayerBucket("eu-west-1")).toBe("prod-eu-west-1-starport-layer-bucket");
  });

  it.each(DEFAULT_INTERFACE_ENDPOINTS)("creates the %s interface endpoint with private DNS in the 3 private subnets", (service) => {
    const { policy, ...inputs } = harness.one(ENDPOINT, `vpce-${service}`).inputs;
    expect(inputs).toEqual({
      vpcId: VPC_ID,
      serviceName: `com.amazonaws.us-east-2.${service}`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: SUBNETS,
      securityGroupIds: [SG_ID],
      tags: { Name: `vpce-${service.replace(".", "-")}-dev` },
    });
    expect(typeof policy).toBe("string");
  });

  // Every default endpoint has a policy: only this account's principals, and on logs, Secrets
  // Manager and Kinesis (whose calls all name a resource of this account) only its resources.
  const thisAccount = { Sid: "AllowPrincipalsOfThisAccount", Condition: { StringEquals: { "aws:PrincipalAccount": TEST_ACCOUNT_ID } } };
  const thisAccountsResources = {
    Sid: "AllowThisAccountOnItsOwnResources",
    Condition: { StringEquals: { "aws:PrincipalAccount": TEST_ACCOUNT_ID, "aws:ResourceAccount": TEST_ACCOUNT_ID } },
  };
  it.each([
    ["ecr.api", thisAccount],
    ["ecr.dkr", thisAccount],
    ["logs", thisAccountsResources],
    ["kinesis-streams", thisAccountsResources],
    ["monitoring", thisAccount],
    ["ecs", thisAccount],
  ])("limits the %s endpoint with exactly this policy", (service, { Sid, Condition }) => {
    expect(JSON.parse(harness.one(ENDPOINT, `vpce-${service}`).inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid, Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition }],
    });
  });

  it("creates only the configured endpoints", () => {
    // Sorted: endpoints register once their policies (Outputs) resolve.
    expect(harness.ofType(ENDPOINT).map((e) => e.inputs.serviceName).sort()).toEqual([
      "com.amazonaws.us-east-2.ecr.api",
      "com.amazonaws.us-east-2.ecr.dkr",
      "com.amazonaws.us-east-2.ecs",
      "com.amazonaws.us-east-2.kinesis-streams",
      "com.amazonaws.us-east-2.logs",
      "com.amazonaws.us-east-2.monitoring",
      "com.amazonaws.us-east-2.s3",
    ]);
    expect(harness.awsResources()).toHaveLength(7);
  });

  it("exposes the interface endpoint ids by short service name", async () => {
    const ids = await new Promise((resolve) => component.interfaceEndpointIds.apply(resolve));
    expect(ids).toEqual(Object.fromEntries(DEFAULT_INTERFACE_ENDPOINTS.map((s) => [s, harness.one(ENDPOINT, `vpce-${s}`).id])));
  });

  it("parents every endpoint to the component", () => {
    const parent = harness.one("fin:network:VpcEndpoints").urn;
    expect(harness.awsResources().every((r) => r.parent === parent)).toBe(true);
  });
});
