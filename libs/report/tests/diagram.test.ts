import { architectureMarkdown, buildDiagram, mermaidId, toMermaid } from "../src/diagram";
import { environmentOf, fixture, type Fixture } from "./fixtures";

describe("the architecture diagram of the fixture environment", () => {
  const env = environmentOf(fixture());
  const diagram = buildDiagram(env);

  it("groups the VPC, its AZs with their subnets, and the endpoints inside the network layer", () => {
    expect(diagram.groups).toEqual([
      { id: "networkVpcPlatform", label: "VPC 10.0.0.0/16", parent: "layerNetwork" },
      { id: "networkVpcPlatformUsEast2a", label: "us-east-2a", parent: "networkVpcPlatform" },
      { id: "networkVpcPlatformUsEast2b", label: "us-east-2b", parent: "networkVpcPlatform" },
      { id: "networkVpcPlatformEndpoints", label: "VPC endpoints", parent: "networkVpcPlatform" },
    ]);
  });

  it("draws one node per key, subnet, endpoint, log group, database, bucket, stream, vault, secret, ALB, service and repository", () => {
    expect(diagram.nodes.map((n) => [n.id, n.label, n.groups.join("/")])).toEqual([
      ["securityKeyPlatformDatabase", "KMS key databaseKey<br/>alias/database-key-dev", ""],
      ["securityKeyPlatformStorage", "KMS key storageKey", ""],
      ["securityKeyPlatformLogs", "KMS key logsKey", ""],
      ["networkInternetGatewayPlatformIgw", "internet gateway", "networkVpcPlatform"],
      ["networkSubnetPlatformPublicA", "public subnet<br/>10.0.0.0/20", "networkVpcPlatform/networkVpcPlatformUsEast2a"],
      ["networkSubnetPlatformPublicB", "public subnet<br/>10.0.16.0/20", "networkVpcPlatform/networkVpcPlatformUsEast2b"],
      ["networkSubnetPlatformPrivateA", "private subnet<br/>10.0.32.0/20", "networkVpcPlatform/networkVpcPlatformUsEast2a"],
      ["networkSubnetPlatformPrivateB", "private subnet<br/>10.0.48.0/20", "networkVpcPlatform/networkVpcPlatformUsEast2b"],
      ["networkVpcEndpointPlatformEcrApi", "ecr.api<br/>Interface x 2 AZ", "networkVpcPlatform/networkVpcPlatformEndpoints"],
      ["networkVpcEndpointPlatformS3", "s3<br/>Gateway", "networkVpcPlatform/networkVpcPlatformEndpoints"],
      ["networkLogGroupPlatformFlowLogs", "log group<br/>/aws/vpc/flow-logs-dev", ""],
      ["dataClusterPlatform", "Aurora aurora-postgresql aurora-dev<br/>2 instances 0.5-16 ACU", ""],
      ["dataBucketRaw", "S3 bucket<br/>fin-raw-dev", ""],
      ["dataStreamIngest", "Kinesis stream<br/>ingest-dev", ""],
      ["dataVaultPlatform", "Backup vault<br/>backup-vault-dev", ""],
      ["dataSecretApi", "secret<br/>api-dev", ""],
      ["computeLoadBalancerPlatform", "ALB alb-dev", ""],
      ["computeServiceApp", "ECS service app-dev<br/>3 tasks<br/>grants: database:connect, raw:write, stream:write", ""],
      ["computeRepositoryApp", "ECR repository<br/>app-dev-repo", ""],
      ["computeLogGroupApp", "log group<br/>/ecs/app-dev", ""],
    ]);
  });

  it("draws StackReferences, which key encrypts what, ALB -> service -> Aurora/S3/Kinesis, and placement in subnets", () => {
    expect(diagram.edges.map((e) => `${e.from} ${e.kind} ${e.to}`)).toEqual([
      "layerSecurity stackReference layerNetwork",
      "layerSecurity stackReference layerData",
      "layerNetwork stackReference layerData",
      "layerSecurity stackReference layerCompute",
      "layerNetwork stackReference layerCompute",
      "layerData stackReference layerCompute",
      // The database key: cluster (storage, its secret, Performance Insights of an instance), vault and secret.
      "securityKeyPlatformDatabase encrypts dataClusterPlatform",
      "securityKeyPlatformDatabase encrypts dataVaultPlatform",
      "securityKeyPlatformDatabase encrypts dataSecretApi",
      // The storage key reaches the bucket through its encryption configuration.
      "securityKeyPlatformStorage encrypts dataBucketRaw",
      "securityKeyPlatformStorage encrypts dataStreamIngest",
      "securityKeyPlatformStorage encrypts computeRepositoryApp",
      "securityKeyPlatformLogs encrypts networkLogGroupPlatformFlowLogs",
      "securityKeyPlatformLogs encrypts computeLogGroupApp",
      "computeLoadBalancerPlatform traffic computeServiceApp",
      // Through the task role's policy: rds-db:connect names the cluster's resource id (a data output).
      "computeServiceApp uses dataClusterPlatform",
      "computeServiceApp uses dataBucketRaw",
      "computeServiceApp uses dataStreamIngest",
      "dataClusterPlatform placement networkSubnetPlatformPrivateA",
      "dataClusterPlatform placement networkSubnetPlatformPrivateB",
      "computeLoadBalancerPlatform placement networkSubnetPlatformPublicA",
      "computeLoadBalancerPlatform placement networkSubnetPlatformPublicB",
      "computeServiceApp placement networkSubnetPlatformPrivateA",
      "computeServiceApp placement networkSubnetPlatformPrivateB",
    ]);
  });

  it("draws each catalog service's calls to the service its catalog name tags, labelled calls in Mermaid; unknown callees and untagged roles draw nothing", () => {
    const f: Fixture = fixture();
    const role = f.compute.resources.find(([type, name]) => type === "aws:iam/role:Role" && name === "task") as [string, string, string, Record<string, unknown>];
    role[3] = { ...role[3], tags: { service: "app", grants: "", calls: "processor gone" } };
    f.compute.resources.push(
      ["aws:iam/role:Role", "processor-task", "processor-task-role-dev", { name: "processor-task-role-dev", tags: { service: "processor", grants: "stream:read", calls: "" } }],
      ["aws:ecs/taskDefinition:TaskDefinition", "processor", "processor-dev", { family: "processor-dev", cpu: "2048", memory: "4096", taskRoleArn: "arn:aws:iam::123456789012:role/processor-task-role-dev" }],
      ["aws:ecs/service:Service", "processor", "arn:aws:ecs:us-east-2:123456789012:service/cluster-dev/processor-dev", { name: "processor-dev", tags: { service: "processor" }, desiredCount: 1, taskDefinition: "arn:aws:ecs:us-east-2:123456789012:task-definition/processor-dev:1" }],
      ["aws:ecs/service:Service", "legacy", "arn:aws:ecs:us-east-2:123456789012:service/cluster-dev/legacy-dev", { name: "legacy-dev", tags: "{oops", desiredCount: 1 }],
    );
    const env2 = environmentOf(f);
    const drawn = buildDiagram(env2);
    expect(drawn.edges.filter((e) => e.kind === "calls").map((e) => `${e.from} -> ${e.to}`)).toEqual(["computeServiceApp -> computeServiceProcessor"]);
    expect(drawn.nodes.filter((n) => n.id.startsWith("computeService")).map((n) => n.label)).toEqual([
      "ECS service app-dev<br/>3 tasks",
      "ECS service processor-dev<br/>1 task<br/>grants: stream:read",
      "ECS service legacy-dev<br/>1 task",
    ]);
    expect(toMermaid(drawn, env2).split("\n")).toContain("  computeServiceApp -->|calls| computeServiceProcessor");
  });

  it("writes valid Mermaid: nested subgraphs closed with end, alphanumeric ids, quoted labels, one arrow per edge", () => {
    const text = toMermaid(diagram, env);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["flowchart TB", '  subgraph layerSecurity["security: fin-security/dev"]', '    securityKeyPlatformDatabase["KMS key databaseKey<br/>alias/database-key-dev"]']);
    expect(lines.filter((l) => l.trim().startsWith("subgraph ")).length).toBe(lines.filter((l) => l.trim() === "end").length);
    expect(lines).toContain('      subgraph networkVpcPlatformUsEast2a["us-east-2a"]');
    expect(lines).toContain("  layerSecurity ==>|StackReference| layerNetwork");
    expect(lines).toContain("  securityKeyPlatformStorage -.->|encrypts| dataBucketRaw");
    expect(lines).toContain("  computeLoadBalancerPlatform -->|requests| computeServiceApp");
    expect(lines).toContain("  computeServiceApp --> dataStreamIngest");
    expect(lines).toContain("  computeServiceApp -.- networkSubnetPlatformPrivateA");
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^\s+(subgraph [A-Za-z0-9]+\["[^"]*"\]|end|[A-Za-z0-9]+\["[^"]*"\]|[A-Za-z0-9]+ (==>\|StackReference\||-\.->\|encrypts\||-->\|requests\||-->|-\.-) [A-Za-z0-9]+)$/);
    }
  });

  it("architecture.md wraps the diagram in a mermaid block with a legend", () => {
    const md = architectureMarkdown(env);
    expect(md.split("\n").slice(0, 2)).toEqual(["# Architecture: dev", ""]);
    expect(md).toContain("```mermaid\nflowchart TB\n");
    expect(md).toContain("\n```\n\n20 resources drawn, 24 relations.\n");
  });
});

describe("diagram details", () => {
  it("mermaidId camel-cases words into letters and digits", () => {
    expect([mermaidId("network", "platform-ecr.api"), mermaidId("data", "Cluster", "aurora_dev 2")]).toEqual(["networkPlatformEcrApi", "dataClusterAuroraDev2"]);
  });

  it("labels fall back to logical names, ids stay unique, quotes are escaped, unknown StackReferences are ignored", () => {
    const f: Fixture = {
      security: { resources: [["aws:kms/key:Key", "solo", "key-solo-0001", {}]] },
      network: {
        references: ["organization/fin-elsewhere/dev"],
        resources: [
          ["aws:ec2/vpc:Vpc", "main", "vpc-1", {}],
          ["aws:ec2/subnet:Subnet", "loose", "subnet-9", { vpcId: "vpc-1" }],
          ["aws:ec2/subnet:Subnet", "nowhere", "subnet-8", {}],
          ["aws:ec2/natGateway:NatGateway", "nat", "nat-1", {}],
          ["aws:ec2/vpcEndpoint:VpcEndpoint", "dynamo", "vpce-1", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-2.dynamodb" }],
          ["aws:ec2/vpcEndpoint:VpcEndpoint", "bare", "vpce-2", { vpcEndpointType: "Interface", serviceName: "com.amazonaws.us-east-2.logs" }],
        ],
      },
      data: {
        resources: [
          ["aws:rds/cluster:Cluster", "db", "db-1", {}],
          ["aws:rds/clusterInstance:ClusterInstance", "db-1", "db-1-a", { clusterIdentifier: "db-1" }],
          ["aws:kinesis/stream:Stream", "s", "stream-1", {}],
          ["aws:backup/vault:Vault", "v", "vault-1", {}],
          ["aws:secretsmanager/secret:Secret", "sec", "secret-1", {}],
          ["aws:cloudwatch/logGroup:LogGroup", "lg", "lg-1", {}],
        ],
      },
      compute: {
        resources: [
          ["aws:lb/loadBalancer:LoadBalancer", 'say-"hi"', "lb-1", {}],
          ["aws:ecs/service:Service", "one", "svc-1", { desiredCount: 1 }],
          ["aws:ecs/service:Service", "none", "svc-2", {}],
          ["aws:ecr/repository:Repository", "repo", "repo-1", {}],
          ["aws:ecr/repository:Repository", "repo!", "repo-2", {}],
        ],
      },
    };
    const env = environmentOf(f);
    const diagram = buildDiagram(env);
    expect(diagram.nodes.map((n) => [n.id, n.label])).toEqual([
      ["securityKeySolo", "KMS key solo"],
      ["networkSubnetLoose", "private subnet<br/>loose"],
      ["networkSubnetNowhere", "private subnet<br/>nowhere"],
      ["networkNatGatewayNat", "NAT gateway nat"],
      ["networkVpcEndpointDynamo", "dynamodb<br/>Gateway"],
      ["networkVpcEndpointBare", "logs<br/>Interface x 0 AZ"],
      ["dataClusterDb", "Aurora  db-1<br/>1 instance"],
      ["dataStreamS", "Kinesis stream<br/>s"],
      ["dataVaultV", "Backup vault<br/>v"],
      ["dataSecretSec", "secret<br/>sec"],
      ["dataLogGroupLg", "log group<br/>lg"],
      ["computeLoadBalancerSayHi", 'ALB say-"hi"'],
      ["computeServiceOne", "ECS service one<br/>1 task"],
      ["computeServiceNone", "ECS service none<br/>0 tasks"],
      ["computeRepositoryRepo", "ECR repository<br/>repo"],
      ["computeRepositoryRepo2", "ECR repository<br/>repo!"],
    ]);
    expect(diagram.groups.map((g) => g.label)).toEqual(["VPC main", "unknown AZ", "VPC endpoints"]);
    expect(diagram.edges).toEqual([]);
    expect(toMermaid(diagram, env)).toContain('    computeLoadBalancerSayHi["ALB say-#quot;hi#quot;"]');
  });

  it("a resource exported by two output families takes its name from the first", () => {
    const f = fixture();
    f.security.outputs = { ...f.security.outputs, auditKeyId: "1111aaaa-0000-0000-0000-000000000001" };
    const key = buildDiagram(environmentOf(f)).nodes[0];
    expect(key.label).toBe("KMS key databaseKey<br/>alias/database-key-dev");
  });

  it("follows a managed policy attached to the task role, and ignores a listener that forwards elsewhere", () => {
    const f = fixture();
    f.compute.resources = f.compute.resources.filter(([type]) => type !== "aws:iam/rolePolicy:RolePolicy" && type !== "aws:lb/listener:Listener");
    f.compute.resources.push(
      ["aws:iam/policy:Policy", "data", "arn:aws:iam::123456789012:policy/data-dev", { policy: JSON.stringify({ Statement: [{ Resource: "arn:aws:s3:::fin-raw-dev" }] }) }],
      ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "data", "att-1", { role: "task-role-dev", policyArn: "arn:aws:iam::123456789012:policy/data-dev" }],
      ["aws:lb/listener:Listener", "http", "arn:listener/2", { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/alb-dev/0123456789abcdef", defaultActions: [{ type: "redirect" }] }],
    );
    const edges = buildDiagram(environmentOf(f)).edges.filter((e) => e.kind === "uses" || e.kind === "traffic");
    expect(edges).toEqual([{ from: "computeServiceApp", to: "dataBucketRaw", kind: "uses" }]);
  });
});
