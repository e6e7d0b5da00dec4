// docs/deploy.md §7, "First deployment (from an empty account)", run as written: its bash block, in
// one shell, with the real Nx CLI and stand-in pulumi, aws and docker on PATH (tests/support/fake-*).
import { repoText, Sandbox } from "./support/sandbox";

jest.setTimeout(600_000);

const DOC = repoText("docs/deploy.md");
const REPO = "123456789012.dkr.ecr.us-east-2.amazonaws.com/api-dev";
const ORDER = ["security", "network", "data", "compute"];
const common = "--stack dev --non-interactive";

/** The first ```bash block after a heading. */
function blockAfter(heading: string): string {
  const section = DOC.slice(DOC.indexOf(heading));
  const match = /```bash\n([\s\S]*?)```/.exec(section);
  if (DOC.indexOf(heading) < 0 || match === null) throw new Error(`no bash block after ${heading}`);
  return match[1];
}

let ws: Sandbox;
let result: { status: number | null; output: string };
beforeAll(() => {
  ws = new Sandbox();
  result = ws.script(blockAfter("## 7. First deployment (from an empty account)"));
});
afterAll(() => ws.dispose());

describe("docs/deploy.md §7, the first-deployment runbook", () => {
  it("runs to the end", () => {
    expect(result.output).not.toMatch(/refused|failed/);
    expect(result.status).toBe(0);
  });

  it("creates the backend, the stacks, deploys, pushes, releases and checks, in that order", () => {
    const calls = ws.calls();
    const digest = ws.pushed(REPO, "1.0.0");
    // The integration target has no task dependencies: its four runs come in any order, last.
    const integration = calls.slice(-ORDER.length);
    expect([...integration].sort()).toEqual(ORDER.map((layer): [string, string] => [`integration ${layer}`, `stacks/${layer} --stack=dev`]).sort());
    // `aws ecr get-login-password | docker login ...` starts both ends of the pipe at once, so either
    // may record its call first: compare that pair without its order.
    const sequential = calls.slice(0, -ORDER.length);
    const login = sequential.findIndex(([tool, args]) => args.startsWith(tool === "aws" ? "ecr get-login-password" : "login --username AWS"));
    const inOrder = [...sequential.slice(0, login), ...sequential.slice(login, login + 2).sort(), ...sequential.slice(login + 2)];
    expect(inOrder).toEqual([
      ["aws", "s3api create-bucket --bucket fin-pulumi-state-111111111111 --region us-east-2 --create-bucket-configuration LocationConstraint=us-east-2"],
      ["aws", "s3api put-bucket-versioning --bucket fin-pulumi-state-111111111111 --versioning-configuration Status=Enabled"],
      [
        "aws",
        "s3api put-public-access-block --bucket fin-pulumi-state-111111111111 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
      ],
      ["aws", "kms create-key --description Pulumi stack secrets --query KeyMetadata.KeyId --output text"],
      ["aws", "kms create-alias --alias-name alias/fin-pulumi-secrets --target-key-id "],
      ...ORDER.map((layer): [string, string] => [`pulumi ${layer}`, "stack init dev --secrets-provider awskms://alias/fin-pulumi-secrets?region=us-east-2"]),
      ...ORDER.flatMap((layer): [string, string][] => [
        [`pulumi ${layer}`, `up --yes ${common} --policy-pack ../../libs/policies`],
        [`pulumi ${layer}`, `stack output --json ${common}`],
      ]),
      ["pulumi compute", `stack output --json ${common}`],
      ["aws", "ecr get-login-password --region us-east-2"],
      ["docker", "login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-2.amazonaws.com"],
      ["docker", `build --platform linux/amd64 -t ${REPO}:1.0.0 .`],
      ["docker", `push ${REPO}:1.0.0`],
      ["pulumi compute", `stack output --json ${common}`],
      ["aws", "ecr describe-images --repository-name api-dev --image-ids imageTag=1.0.0 --region us-east-2 --output json"],
      ["pulumi compute", `config set --path --type string imageTags.api 1.0.0 ${common}`],
      ["pulumi compute", `up --yes ${common} --policy-pack ../../libs/policies`],
      ["pulumi compute", `stack output --json ${common}`],
      ["aws", "ecs wait services-stable --cluster ecs-cluster-dev --services api-service-dev --region us-east-2"],
    ]);
    expect(result.output).toContain(`released ${REPO}:1.0.0 (${digest}) to api-service-dev in stack dev: the service is stable`);
  });

  it("leaves api running the pushed image by digest", () => {
    const digest = ws.pushed(REPO, "1.0.0");
    expect(ws.readJson("dist/dev/compute/outputs.json")).toMatchObject({
      services: {
        api: {
          imageReference: `${REPO}@${digest}`,
          imageStatus: `running ${REPO}:1.0.0 as ${REPO}@${digest}, at least 2 tasks`,
        },
      },
    });
  });
});
