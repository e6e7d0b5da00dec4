import { ResourceIndex } from "./graph";
import type { Layer } from "@fin/config";
import { LAYER_PROJECTS } from "@fin/contracts";
import type { Environment, PlannedResource } from "@fin/plan";

export interface DiagramNode {
  readonly id: string;
  readonly label: string;
  readonly layer: Layer;
  /** Nested subgraph path inside the layer (VPC, then AZ or endpoints). */
  readonly groups: readonly string[];
}

export interface DiagramGroup {
  readonly id: string;
  readonly label: string;
  readonly parent: string;
}

export type EdgeKind = "stackReference" | "encrypts" | "traffic" | "uses" | "calls" | "placement";

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly groups: readonly DiagramGroup[];
  readonly edges: readonly DiagramEdge[];
  /** Stacks of other environments a layer reads (a guest network's host, issue 18), drawn outside the layers. */
  readonly externals?: readonly { readonly id: string; readonly label: string }[];
}

/** Resource types drawn as nodes; everything else (policies, rules, configuration) is a detail of one of them. */
const NODE_TYPES = [
  "aws:kms/key:Key",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:rds/cluster:Cluster",
  "aws:s3/bucket:Bucket",
  "aws:kinesis/stream:Stream",
  "aws:backup/vault:Vault",
  "aws:secretsmanager/secret:Secret",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:ecs/service:Service",
  "aws:ecr/repository:Repository",
];
/** What a service's task may talk to: drawn as service -> target. */
const DATA_TYPES = ["aws:rds/cluster:Cluster", "aws:s3/bucket:Bucket", "aws:kinesis/stream:Stream", "aws:secretsmanager/secret:Secret"];

const LAYER_IDS: Readonly<Record<Layer, string>> = { security: "layerSecurity", network: "layerNetwork", data: "layerData", compute: "layerCompute" };

/** Mermaid-safe id: letters and digits only, camel-cased from the words of `parts`. */
export function mermaidId(...parts: string[]): string {
  const words = parts.join(" ").split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() : w[0].toUpperCase()) + w.slice(1)).join("");
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const obj = (v: unknown): Record<string, unknown> => (v ?? {}) as Record<string, unknown>;

/** A resource's tags (synth writes them as an object, a preview may as a JSON string). */
function tagsOf(r: PlannedResource): Record<string, unknown> {
  const raw = r.inputs["tags"];
  if (typeof raw !== "string") {
    return obj(raw);
  }
  try {
    return obj(JSON.parse(raw));
  } catch {
    return {};
  }
}

/** A space-separated tag value (the task role's `grants` and `calls`, issue 16 contract) as a list. */
const words = (v: unknown): string[] => (typeof v === "string" ? v.split(" ").filter((w) => w !== "") : []);

/** The catalog entry behind an ECS service, as its task role's tags declare it (ADR 0017). */
interface Catalogued {
  readonly service: string | undefined;
  readonly grants: readonly string[];
  readonly calls: readonly string[];
}

function catalogued(service: PlannedResource, index: ResourceIndex): Catalogued {
  const taskDefinitions = index.ofType("aws:ecs/taskDefinition:TaskDefinition").filter((td) => index.references(service, td, /^taskDefinition$/));
  const taskRole = index
    .ofType("aws:iam/role:Role")
    .filter((role) => taskDefinitions.some((td) => index.references(td, role, /^taskRoleArn$/)))
    .map(tagsOf)
    .find((tags) => tags["grants"] !== undefined);
  return { service: str(tagsOf(service)["service"]), grants: words(taskRole?.["grants"]), calls: words(taskRole?.["calls"]) };
}

function label(r: PlannedResource, index: ResourceIndex, publicSubnets: ReadonlySet<PlannedResource>): string {
  const i = r.inputs;
  switch (r.type) {
    case "aws:kms/key:Key": {
      const alias = index.identifiers(r).find((n) => n.startsWith("alias/"));
      return `KMS key ${index.outputNames.get(r) ?? r.name}${alias ? `<br/>${alias}` : ""}`;
    }
    case "aws:ec2/subnet:Subnet":
      return `${publicSubnets.has(r) ? "public" : "private"} subnet<br/>${str(i["cidrBlock"]) ?? r.name}`;
    case "aws:ec2/internetGateway:InternetGateway":
      return "internet gateway";
    case "aws:ec2/natGateway:NatGateway":
      return `NAT gateway ${r.name}`;
    case "aws:ec2/vpcEndpoint:VpcEndpoint": {
      const service = String(i["serviceName"]).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
      const kind = str(i["vpcEndpointType"]) ?? "Gateway";
      return `${service}<br/>${kind}${kind === "Interface" ? ` x ${count(i["subnetIds"])} AZ` : ""}`;
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return `log group<br/>${str(i["name"]) ?? r.name}`;
    case "aws:rds/cluster:Cluster": {
      const scaling = obj(i["serverlessv2ScalingConfiguration"]);
      const instances = index.ofType("aws:rds/clusterInstance:ClusterInstance", r.layer).filter((x) => index.references(x, r, /^clusterIdentifier$/));
      const acu = scaling["maxCapacity"] !== undefined ? ` ${scaling["minCapacity"]}-${scaling["maxCapacity"]} ACU` : "";
      return `Aurora ${str(i["engine"]) ?? ""} ${r.id}<br/>${instances.length} instance${instances.length === 1 ? "" : "s"}${acu}`;
    }
    case "aws:s3/bucket:Bucket":
      return `S3 bucket<br/>${r.id}`;
    case "aws:kinesis/stream:Stream":
      return `Kinesis stream<br/>${str(i["name"]) ?? r.name}`;
    case "aws:backup/vault:Vault":
      return `Backup vault<br/>${str(i["name"]) ?? r.name}`;
    case "aws:secretsmanager/secret:Secret":
      return `secret<br/>${str(i["name"]) ?? r.name}`;
    case "aws:lb/loadBalancer:LoadBalancer":
      return `ALB ${str(i["name"]) ?? r.name}`;
    case "aws:ecs/service:Service": {
      const { grants } = catalogued(r, index);
      const tasks = `${i["desiredCount"] ?? 0} task${i["desiredCount"] === 1 ? "" : "s"}`;
      return `ECS service ${str(i["name"]) ?? r.name}<br/>${tasks}${grants.length > 0 ? `<br/>grants: ${grants.join(", ")}` : ""}`;
    }
    default:
      return `ECR repository<br/>${str(i["name"]) ?? r.name}`;
  }
}

/** Builds the architecture graph from the plans: layers, VPC and AZs as groups, resources and their relations. */
export function buildDiagram(env: Environment): Diagram {
  const index = new ResourceIndex(env);
  const used = new Set<string>(Object.values(LAYER_IDS));
  const ids = new Map<PlannedResource, string>();
  const unique = (base: string): string => {
    let id = base;
    for (let n = 2; used.has(id); n++) {
      id = `${base}${n}`;
    }
    used.add(id);
    return id;
  };
  const groups: DiagramGroup[] = [];
  const vpcGroup = new Map<PlannedResource, string>();
  for (const vpc of index.ofType("aws:ec2/vpc:Vpc")) {
    const id = unique(mermaidId(vpc.layer, "Vpc", vpc.name));
    vpcGroup.set(vpc, id);
    groups.push({ id, label: `VPC ${str(vpc.inputs["cidrBlock"]) ?? vpc.name}`, parent: LAYER_IDS[vpc.layer] });
  }
  const nodes: DiagramNode[] = [];
  const publicSubnets = index.publicSubnets();
  const subgroup = (parent: string, key: string, text: string): string => {
    const existing = groups.find((g) => g.parent === parent && g.label === text);
    if (existing) {
      return existing.id;
    }
    const id = unique(mermaidId(parent, key));
    groups.push({ id, label: text, parent });
    return id;
  };
  for (const r of index.all.filter((x) => NODE_TYPES.includes(x.type))) {
    const id = unique(mermaidId(r.layer, r.type.slice(r.type.lastIndexOf(":") + 1), r.name));
    ids.set(r, id);
    const vpc = [...vpcGroup].find(([v]) => index.references(r, v, /^vpcId$/));
    const path: string[] = [];
    if (vpc) {
      path.push(vpc[1]);
      if (r.type === "aws:ec2/subnet:Subnet") {
        const az = str(r.inputs["availabilityZone"]) ?? str(r.inputs["availabilityZoneId"]) ?? "unknown AZ";
        path.push(subgroup(vpc[1], az, az));
      } else if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
        path.push(subgroup(vpc[1], "endpoints", "VPC endpoints"));
      }
    }
    nodes.push({ id, label: label(r, index, publicSubnets), layer: r.layer, groups: path });
  }

  const edges: DiagramEdge[] = [];
  const add = (from: string, to: string, kind: EdgeKind): void => {
    if (!edges.some((e) => e.from === from && e.to === to && e.kind === kind)) {
      edges.push({ from, to, kind });
    }
  };
  const nodeResources = [...ids.keys()];
  // A helper (bucket encryption, DB subnet group, role policy...) stands for the node(s) it configures.
  const principals = (r: PlannedResource): PlannedResource[] =>
    ids.has(r) ? [r] : index.referencedBy(r, nodeResources.filter((n) => n.layer === r.layer && n.type !== "aws:kms/key:Key"));

  // StackReferences: upstream layer ==> the layer that reads it; a stack of another environment (a
  // guest network's host, issue 18) is a node of its own outside the layers.
  const externals = new Map<string, string>();
  for (const layer of env.layers) {
    for (const ref of layer.stackReferences) {
      const [, project, stack] = ref.split("/");
      const upstream = env.layers.find((l) => l.project === project);
      if (stack !== env.stack) {
        const id = mermaidId("external", `${project}-${stack}`);
        externals.set(id, `${project}/${stack}: another environment's stack${project === LAYER_PROJECTS.network ? " (the shared network host)" : ""}`);
        add(id, LAYER_IDS[layer.layer], "stackReference");
      } else if (upstream) {
        add(LAYER_IDS[upstream.layer], LAYER_IDS[layer.layer], "stackReference");
      }
    }
  }
  // Which key encrypts what: a key named under a kms* input of a resource or of its helper.
  for (const key of index.ofType("aws:kms/key:Key")) {
    for (const r of index.all.filter((x) => index.references(x, key, /kms/i))) {
      for (const target of principals(r)) {
        add(ids.get(key) as string, ids.get(target) as string, "encrypts");
      }
    }
  }
  // ALB -> service: a listener of the ALB forwards to a target group the service registers in.
  const services = index.ofType("aws:ecs/service:Service");
  for (const alb of index.ofType("aws:lb/loadBalancer:LoadBalancer")) {
    const listeners = index.ofType("aws:lb/listener:Listener").filter((l) => index.references(l, alb));
    for (const service of services) {
      const groupsOfService = index.ofType("aws:lb/targetGroup:TargetGroup").filter((tg) => index.references(service, tg, /^loadBalancers/));
      if (groupsOfService.some((tg) => listeners.some((l) => index.references(l, tg)))) {
        add(ids.get(alb) as string, ids.get(service) as string, "traffic");
      }
    }
  }
  // Service -> data: what its task definition, task and execution roles and their policies name.
  for (const service of services) {
    const taskDefinitions = index.ofType("aws:ecs/taskDefinition:TaskDefinition").filter((td) => index.references(service, td, /^taskDefinition$/));
    const roles = index.ofType("aws:iam/role:Role").filter((role) => taskDefinitions.some((td) => index.references(td, role, /RoleArn$/)));
    const policies = index.all.filter((p) => (p.type === "aws:iam/rolePolicy:RolePolicy" || p.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment") && roles.some((role) => index.references(p, role, /^role$/)));
    const managed = index.ofType("aws:iam/policy:Policy").filter((p) => policies.some((a) => index.references(a, p, /^policyArn$/)));
    const bundle = [service, ...taskDefinitions, ...roles, ...policies, ...managed];
    for (const target of nodeResources.filter((n) => DATA_TYPES.includes(n.type))) {
      if (bundle.some((b) => index.references(b, target))) {
        add(ids.get(service) as string, ids.get(target) as string, "uses");
      }
    }
  }
  // Service -> service: the calls its catalog entry declares (the task role's `calls` tag), drawn to the
  // ECS service whose `service` tag names the callee.
  const byCatalogName = new Map(services.flatMap((svc) => {
    const name = catalogued(svc, index).service;
    return name === undefined ? [] : [[name, svc] as const];
  }));
  for (const service of services) {
    for (const callee of catalogued(service, index).calls.map((name) => byCatalogName.get(name)).filter((c): c is PlannedResource => c !== undefined)) {
      add(ids.get(service) as string, ids.get(callee) as string, "calls");
    }
  }
  // Placement: load balancers, services and databases in their subnets (through a DB subnet group).
  const subnets = index.ofType("aws:ec2/subnet:Subnet");
  for (const r of nodeResources.filter((n) => ["aws:lb/loadBalancer:LoadBalancer", "aws:ecs/service:Service", "aws:rds/cluster:Cluster"].includes(n.type))) {
    const helpers = index.all.filter((h) => !ids.has(h) && h.layer === r.layer && index.references(r, h));
    for (const subnet of subnets.filter((s) => index.references(r, s) || helpers.some((h) => index.references(h, s)))) {
      add(ids.get(r) as string, ids.get(subnet) as string, "placement");
    }
  }
  return { nodes, groups, edges, ...(externals.size > 0 ? { externals: [...externals].map(([id, label]) => ({ id, label })) } : {}) };
}

const ARROWS: Readonly<Record<EdgeKind, string>> = {
  stackReference: "==>|StackReference|",
  encrypts: "-.->|encrypts|",
  traffic: "-->|requests|",
  uses: "-->",
  calls: "-->|calls|",
  placement: "-.-",
};

const quote = (s: string): string => `"${s.replace(/"/g, "#quot;")}"`;

/** Mermaid flowchart text; ids are alphanumeric and labels quoted, so GitHub renders it as is. */
export function toMermaid(diagram: Diagram, env: Environment): string {
  const lines = ["flowchart TB"];
  const emit = (parent: string, depth: number): void => {
    const pad = "  ".repeat(depth);
    for (const g of diagram.groups.filter((x) => x.parent === parent)) {
      lines.push(`${pad}subgraph ${g.id}[${quote(g.label)}]`);
      emit(g.id, depth + 1);
      lines.push(`${pad}end`);
    }
    for (const n of diagram.nodes.filter((x) => (x.groups.length === 0 ? LAYER_IDS[x.layer] : x.groups[x.groups.length - 1]) === parent)) {
      lines.push(`${pad}${n.id}[${quote(n.label)}]`);
    }
  };
  for (const plan of env.layers) {
    lines.push(`  subgraph ${LAYER_IDS[plan.layer]}[${quote(`${plan.layer}: ${plan.project}/${env.stack}`)}]`);
    emit(LAYER_IDS[plan.layer], 2);
    lines.push("  end");
  }
  for (const x of diagram.externals ?? []) {
    lines.push(`  ${x.id}[${quote(x.label)}]`);
  }
  for (const e of diagram.edges) {
    lines.push(`  ${e.from} ${ARROWS[e.kind]} ${e.to}`);
  }
  return lines.join("\n");
}

/** `architecture.md`: the diagram and how to read it. */
export function architectureMarkdown(env: Environment): string {
  const diagram = buildDiagram(env);
  return [
    `# Architecture: ${env.stack}`,
    "",
    "Drawn by `npm run report` from the synthesized plans (`dist/<stack>/*/preview.json` and the layers'",
    "`outputs.json`); do not edit. Thick arrows are StackReferences between layers, dotted arrows show",
    "which KMS key encrypts what, dotted lines place a resource in its subnets, and solid arrows are traffic",
    "(ALB to service), what each service's task and its roles reach, and (labelled calls) the other catalog",
    "services it calls. Each service shows the grants its catalog entry declares (its task role's `grants` tag).",
    "",
    "```mermaid",
    toMermaid(diagram, env),
    "```",
    "",
    `${diagram.nodes.length} resources drawn, ${diagram.edges.length} relations.`,
    "",
  ].join("\n");
}
