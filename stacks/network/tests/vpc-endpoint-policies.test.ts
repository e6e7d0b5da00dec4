import { MockHarness, TEST_ACCOUNT_ID, runProgram, setupMocks } from "@fin/testing";
import { ENDPOINT_POLICY_SCOPE, INTERFACE_ENDPOINT_SERVICES } from "../src/endpoint-services";
import { VpcEndpoints, interfaceEndpointPolicy } from "../src/vpc-endpoints";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

let harness: MockHarness;

beforeAll(async () => {
  harness = await setupMocks({ project: "fin-network", stack: "dev" });
  await runProgram(
    () =>
      new VpcEndpoints("all", {
        vpcId: "vpc-0123456789abcdef0",
        region: "us-east-2",
        privateSubnetIds: ["subnet-0000000000000000a"],
        privateRouteTableIds: ["rtb-0000000000000000a"],
        securityGroupId: "sg-0000000000000000e",
        interfaceServices: INTERFACE_ENDPOINT_SERVICES,
        environmentSuffix: "dev",
      }),
  );
});

const principalOnly = (accountId: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowPrincipalsOfThisAccount",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
    },
  ],
});
const principalAndResource = (accountId: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowThisAccountOnItsOwnResources",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalAccount": accountId, "aws:ResourceAccount": accountId } },
    },
  ],
});

describe("interface endpoint policies", () => {
  it("decides per service as ADR 0003's table says", () => {
    expect(ENDPOINT_POLICY_SCOPE).toEqual({
      "ecr.api": "principal",
      "ecr.dkr": "principal",
      logs: "principal-and-resource",
      secretsmanager: "principal-and-resource",
      "kinesis-streams": "principal-and-resource",
      monitoring: "principal",
      ecs: "principal",
      "ecs-agent": "none",
      "ecs-telemetry": "none",
      kms: "principal",
      sts: "principal",
      ssm: "principal",
      ssmmessages: "none",
    });
    expect(Object.keys(ENDPOINT_POLICY_SCOPE).sort()).toEqual([...INTERFACE_ENDPOINT_SERVICES].sort());
  });

  it("builds exactly these documents", () => {
    expect(interfaceEndpointPolicy("ecr.api", "111122223333")).toEqual(principalOnly("111122223333"));
    expect(interfaceEndpointPolicy("secretsmanager", "111122223333")).toEqual(principalAndResource("111122223333"));
    expect(interfaceEndpointPolicy("ecs-agent", "111122223333")).toBeUndefined();
  });

  it.each(INTERFACE_ENDPOINT_SERVICES)("gives the %s endpoint its policy, or none where the service documents none", (service) => {
    const inputs = harness.one(ENDPOINT, `all-${service}`).inputs;
    const expected = { principal: principalOnly, "principal-and-resource": principalAndResource, none: undefined }[ENDPOINT_POLICY_SCOPE[service]];
    if (expected === undefined) {
      expect(Object.keys(inputs)).not.toContain("policy");
    } else {
      expect(JSON.parse(inputs.policy)).toEqual(expected(TEST_ACCOUNT_ID));
    }
  });

  it("leaves exactly ecs-agent, ecs-telemetry and ssmmessages on AWS's default policy", () => {
    const withoutPolicy = harness
      .ofType(ENDPOINT)
      .filter((e) => !("policy" in e.inputs))
      .map((e) => e.name)
      .sort();
    expect(withoutPolicy).toEqual(["all-ecs-agent", "all-ecs-telemetry", "all-ssmmessages"]);
    expect(harness.ofType(ENDPOINT)).toHaveLength(INTERFACE_ENDPOINT_SERVICES.length + 1);
  });
});
