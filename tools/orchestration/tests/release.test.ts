// `nx run compute:release`: the real Nx CLI over the real nx.json and stacks/compute/project.json,
// with stand-in pulumi, docker and aws executables first on PATH that record their calls; docker
// pushes into a toy ECR registry that aws and pulumi read (tests/support/fake-*). ADR 0013.
import { Sandbox, waitingComputeOutputs } from "./support/sandbox";

jest.setTimeout(180_000);

const REPO = (stack: string) => `123456789012.dkr.ecr.us-east-2.amazonaws.com/analytics-${stack}`;
const POLICY = "--policy-pack ../../libs/policies";
const common = (stack: string) => `--stack ${stack} --non-interactive`;
const describeImages = (stack: string, id: string) => `ecr describe-images --repository-name analytics-${stack} --image-ids ${id} --region us-east-2 --output json`;
const waitStable = (stack: string) => `ecs wait services-stable --cluster ecs-cluster-${stack} --services analytics-service-${stack} --region us-east-2`;

let ws: Sandbox;
beforeAll(() => {
  ws = new Sandbox();
});
afterAll(() => ws.dispose());
beforeEach(() => ws.reset());

/** The compute layer as its first deploy leaves it: repository created, no image, 0 tasks. */
function firstDeploy(stack: string): void {
  const result = ws.nx(["run", "compute:deploy", `--stack=${stack}`, "--exclude-task-dependencies"]);
  expect(result.status).toBe(0);
  expect(ws.readJson(`dist/${stack}/compute/outputs.json`)).toEqual(waitingComputeOutputs(stack));
  expect(result.output).toContain(`imageStatus: waiting for image ${REPO(stack)}:1.0.0, 0 tasks`);
  const outputs = ws.nx(["run", "compute:outputs", `--stack=${stack}`]);
  expect(outputs.output).toContain(`imageStatus: waiting for image ${REPO(stack)}:1.0.0, 0 tasks`);
}

describe("nx run compute:release", () => {
  it("checks the image and its digest, sets the tag, deploys compute alone, checks the pinned digest, then waits for a stable service", () => {
    firstDeploy("dev");
    const digest = ws.pushed(REPO("dev"), "1.2.0");
    const before = ws.calls().length;
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--tag=1.2.0"]);
    expect(result.status).toBe(0);
    expect(ws.calls().slice(before)).toEqual([
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", describeImages("dev", "imageTag=1.2.0")],
      ["pulumi compute", `config set imageTag 1.2.0 ${common("dev")}`],
      ["pulumi compute", `up --yes ${common("dev")} ${POLICY}`],
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", waitStable("dev")],
    ]);
    expect(result.output).toContain(`image ${REPO("dev")}:1.2.0 is in analytics-dev as ${digest}`);
    expect(result.output).toContain(`released ${REPO("dev")}:1.2.0 (${digest}) to analytics-service-dev in stack dev: the service is stable`);
    expect(ws.readJson("dist/dev/compute/outputs.json")).toMatchObject({ imageReference: `${REPO("dev")}@${digest}` });
  });

  it("releases to an ephemeral stack named after --, as the CI example does", () => {
    firstDeploy("pr-7");
    const digest = ws.pushed(REPO("pr-7"), "abc123");
    const result = ws.nx(["run", "compute:release", "--", "--stack=pr-7", "--tag=abc123"]);
    expect(result.status).toBe(0);
    expect(ws.readJson("dist/pr-7/compute/outputs.json")).toMatchObject({ imageReference: `${REPO("pr-7")}@${digest}` });
  });

  it("rolls back with the same command and the old tag", () => {
    firstDeploy("staging");
    const old = ws.pushed(REPO("staging"), "1.1.0");
    ws.pushed(REPO("staging"), "1.2.0");
    expect(ws.nx(["run", "compute:release", "-c", "staging", "--", "--tag=1.2.0"]).status).toBe(0);
    const result = ws.nx(["run", "compute:release", "-c", "staging", "--", "--tag=1.1.0"]);
    expect(result.status).toBe(0);
    expect(ws.readJson("dist/staging/compute/outputs.json")).toMatchObject({ imageReference: `${REPO("staging")}@${old}` });
    expect(result.output).toContain(`released ${REPO("staging")}:1.1.0 (${old})`);
  });

  it("releases a digest as the image reference", () => {
    firstDeploy("dev");
    const digest = ws.pushed(REPO("dev"), "2.0.0");
    const before = ws.calls().length;
    expect(ws.nx(["run", "compute:release", "-c", "dev", "--", `--tag=${digest}`]).status).toBe(0);
    expect(ws.calls().slice(before)[1]).toEqual(["aws", describeImages("dev", `imageDigest=${digest}`)]);
    expect(ws.readJson("dist/dev/compute/outputs.json")).toMatchObject({ imageReference: `${REPO("dev")}@${digest}` });
  });

  it("refuses a tag that is not in the repository, naming the repository and the tag, before any config set or up", () => {
    firstDeploy("dev");
    const before = ws.calls().length;
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--tag=9.9.9"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`refused: release of ${REPO("dev")}:9.9.9 to stack dev (stacks/compute)`);
    expect(result.output).toContain("why: tag 9.9.9 is not in ECR repository analytics-dev (us-east-2): aws ecr describe-images exited 254 (its error is above)");
    expect(result.output).toContain("nothing was changed: the stack config and the service are as they were");
    expect(result.output).toContain(`to proceed: push it first, e.g. docker push ${REPO("dev")}:9.9.9, then run the release again`);
    expect(ws.calls().slice(before)).toEqual([
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", describeImages("dev", "imageTag=9.9.9")],
    ]);
  });

  it("refuses an image reference that is not a tag or a sha256 digest, before calling anything", () => {
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", `--tag=${REPO("dev")}:1.2.0`]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`--tag "${REPO("dev")}:1.2.0" is not an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>: give the tag alone, not <repository>:<tag>`);
    expect(ws.calls()).toEqual([]);
  });

  it("fails, bounded, when the new tasks do not become stable, after the deploy", () => {
    firstDeploy("dev");
    ws.pushed(REPO("dev"), "1.2.0");
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--tag=1.2.0"], { FAKE_AWS_WAIT_STATUS: "255" });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      `aws ecs wait services-stable for analytics-service-dev (the tasks of ${REPO("dev")}@${ws.pushed(REPO("dev"), "1.2.0")} did not all become healthy within 10 minutes; see the service's events) failed with exit status 255`,
    );
  });
});
