// `nx run compute:release`: the real Nx CLI over the real nx.json and stacks/compute/project.json,
// with stand-in pulumi, docker and aws executables first on PATH that record their calls; docker
// pushes into a toy ECR registry that aws and pulumi read (tests/support/fake-*). ADR 0013.
import { Sandbox, waitingComputeOutputs, type NxResult } from "./support/sandbox";

jest.setTimeout(180_000);

const REPO = (stack: string, service = "api") => `123456789012.dkr.ecr.us-east-2.amazonaws.com/${service}-${stack}`;
const POLICY = "--policy-pack ../../libs/policies";
const common = (stack: string) => `--stack ${stack} --non-interactive`;
const describeImages = (stack: string, id: string, service = "api") => `ecr describe-images --repository-name ${service}-${stack} --image-ids ${id} --region us-east-2 --output json`;
const waitStable = (stack: string, service = "api") => `ecs wait services-stable --cluster ecs-cluster-${stack} --services ${service}-service-${stack} --region us-east-2`;
/** One service's entry of compute's deployed outputs. */
const serviceOutputs = (stack: string, service = "api") => (ws.readJson(`dist/${stack}/compute/outputs.json`) as { services: Record<string, Record<string, unknown>> }).services[service];

let ws: Sandbox;
/** The first deploy of compute (below) in each stack a release test starts from, run once and saved. */
const STACKS = ["dev", "staging", "pr-7"];
let firstDeploys: Record<string, NxResult>;
let firstOutputs: NxResult;
beforeAll(() => {
  ws = new Sandbox();
  firstDeploys = {};
  for (const stack of STACKS) {
    ws.reset();
    firstDeploys[stack] = ws.nx(["run", "compute:deploy", `--stack=${stack}`, "--exclude-task-dependencies"]);
    if (stack === "dev") firstOutputs = ws.nx(["run", "compute:outputs", `--stack=${stack}`]);
    ws.save(stack);
  }
});
afterAll(() => ws.dispose());
beforeEach(() => ws.reset());

/** The compute layer as its first deploy left it: repository created, no image, 0 tasks. */
function firstDeploy(stack: string): void {
  ws.restore(stack);
}

describe("the first deploy of compute, which every release below starts from", () => {
  it.each(STACKS)("leaves stack %s with each service's repository, waiting for its image with 0 tasks", (stack) => {
    expect(firstDeploys[stack].status).toBe(0);
    ws.restore(stack);
    expect(ws.readJson(`dist/${stack}/compute/outputs.json`)).toEqual(waitingComputeOutputs(stack));
    for (const service of ["api", "ingest", "processor"]) {
      expect(firstDeploys[stack].output).toContain(`imageStatus ${service}: waiting for image ${REPO(stack, service)}:1.0.0, 0 tasks`);
    }
  });

  it("says so again on `nx run compute:outputs`", () => {
    expect(firstOutputs.status).toBe(0);
    expect(firstOutputs.output).toContain(`imageStatus api: waiting for image ${REPO("dev")}:1.0.0, 0 tasks`);
  });
});

describe("nx run compute:release", () => {
  it("checks the service's image and its digest, sets its tag, deploys compute alone, checks its pinned digest, then waits for that service", () => {
    firstDeploy("dev");
    const digest = ws.pushed(REPO("dev"), "1.2.0");
    const before = ws.calls().length;
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", "--tag=1.2.0"]);
    expect(result.status).toBe(0);
    expect(ws.calls().slice(before)).toEqual([
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", describeImages("dev", "imageTag=1.2.0")],
      ["pulumi compute", `config set --path --type string imageTags.api 1.2.0 ${common("dev")}`],
      ["pulumi compute", `up --yes ${common("dev")} ${POLICY}`],
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", waitStable("dev")],
    ]);
    expect(result.output).toContain(`image ${REPO("dev")}:1.2.0 is in api-dev as ${digest}`);
    expect(result.output).toContain(`released ${REPO("dev")}:1.2.0 (${digest}) to api-service-dev in stack dev: the service is stable`);
    expect(serviceOutputs("dev")).toMatchObject({ imageReference: `${REPO("dev")}@${digest}` });
    // The other services keep what they ran: the release names one service.
    expect(serviceOutputs("dev", "ingest")).toMatchObject({ imageReference: `${REPO("dev", "ingest")}:1.0.0` });
  });

  it("releases two services one after the other, each keeping its own tag (config set --path)", () => {
    firstDeploy("dev");
    const api = ws.pushed(REPO("dev"), "1.2.0");
    const ingest = ws.pushed(REPO("dev", "ingest"), "3.0.0");
    expect(ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", "--tag=1.2.0"]).status).toBe(0);
    const before = ws.calls().length;
    expect(ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=ingest", "--tag=3.0.0"]).status).toBe(0);
    expect(ws.calls().slice(before).at(-1)).toEqual(["aws", waitStable("dev", "ingest")]);
    expect([serviceOutputs("dev").imageReference, serviceOutputs("dev", "ingest").imageReference]).toEqual([`${REPO("dev")}@${api}`, `${REPO("dev", "ingest")}@${ingest}`]);
  });

  it("refuses a missing or unknown --service with one usage error listing the deployed services, before ECR or the config", () => {
    firstDeploy("dev");
    for (const [flags, first] of [
      [["--tag=1.2.0"], "no service given: pass --service=<name> (after --)"],
      [["--service=analytics", "--tag=1.2.0"], '--service "analytics" is not a service of the catalog'],
    ] as const) {
      const before = ws.calls().length;
      const result = ws.nx(["run", "compute:release", "-c", "dev", "--", ...flags]);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(`${first}; stack dev (stacks/compute) runs the services api, ingest, processor`);
      expect(ws.calls().slice(before)).toEqual([["pulumi compute", `stack output --json ${common("dev")}`]]);
    }
  });

  it("releases to an ephemeral stack named after --, as the CI example does", () => {
    firstDeploy("pr-7");
    const digest = ws.pushed(REPO("pr-7"), "abc123");
    const result = ws.nx(["run", "compute:release", "--", "--stack=pr-7", "--service=api", "--tag=abc123"]);
    expect(result.status).toBe(0);
    expect(serviceOutputs("pr-7")).toMatchObject({ imageReference: `${REPO("pr-7")}@${digest}` });
  });

  it("rolls back with the same command and the old tag", () => {
    firstDeploy("staging");
    const old = ws.pushed(REPO("staging"), "1.1.0");
    ws.pushed(REPO("staging"), "1.2.0");
    expect(ws.nx(["run", "compute:release", "-c", "staging", "--", "--service=api", "--tag=1.2.0"]).status).toBe(0);
    const result = ws.nx(["run", "compute:release", "-c", "staging", "--", "--service=api", "--tag=1.1.0"]);
    expect(result.status).toBe(0);
    expect(serviceOutputs("staging")).toMatchObject({ imageReference: `${REPO("staging")}@${old}` });
    expect(result.output).toContain(`released ${REPO("staging")}:1.1.0 (${old})`);
  });

  it("releases a digest as the image reference", () => {
    firstDeploy("dev");
    const digest = ws.pushed(REPO("dev"), "2.0.0");
    const before = ws.calls().length;
    expect(ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", `--tag=${digest}`]).status).toBe(0);
    expect(ws.calls().slice(before)[1]).toEqual(["aws", describeImages("dev", `imageDigest=${digest}`)]);
    expect(serviceOutputs("dev")).toMatchObject({ imageReference: `${REPO("dev")}@${digest}` });
  });

  it("refuses a tag that is not in the repository, naming the repository and the tag, before any config set or up", () => {
    firstDeploy("dev");
    const before = ws.calls().length;
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", "--tag=9.9.9"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`refused: release of ${REPO("dev")}:9.9.9 to service api of stack dev (stacks/compute)`);
    expect(result.output).toContain("why: tag 9.9.9 is not in ECR repository api-dev (us-east-2): aws ecr describe-images exited 254 (its error is above)");
    expect(result.output).toContain("nothing was changed: the stack config and the service are as they were");
    expect(result.output).toContain(`to proceed: push it first, e.g. docker push ${REPO("dev")}:9.9.9, then run the release again`);
    expect(ws.calls().slice(before)).toEqual([
      ["pulumi compute", `stack output --json ${common("dev")}`],
      ["aws", describeImages("dev", "imageTag=9.9.9")],
    ]);
  });

  it("refuses an image reference that is not a tag or a sha256 digest, before calling anything", () => {
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", `--tag=${REPO("dev")}:1.2.0`]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`--tag "${REPO("dev")}:1.2.0" is not an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>: give the tag alone, not <repository>:<tag>`);
    expect(ws.calls()).toEqual([]);
  });

  it("fails, bounded, when the new tasks do not become stable, after the deploy", () => {
    firstDeploy("dev");
    ws.pushed(REPO("dev"), "1.2.0");
    const result = ws.nx(["run", "compute:release", "-c", "dev", "--", "--service=api", "--tag=1.2.0"], { FAKE_AWS_WAIT_STATUS: "255" });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      `aws ecs wait services-stable for api-service-dev (the tasks of ${REPO("dev")}@${ws.pushed(REPO("dev"), "1.2.0")} did not all become healthy within 10 minutes; see the service's events) failed with exit status 255`,
    );
  });
});
