// tools/orchestration/scripts/*.sh, which the CI example runs, against the stand-ins.
import { Sandbox, type NxResult } from "./support/sandbox";

jest.setTimeout(180_000);

const ORDER = ["security", "network", "data", "compute"];
const REPO = "123456789012.dkr.ecr.us-east-2.amazonaws.com/ingest-pr-9";
const PROVIDER = "awskms://alias/fin-pulumi-secrets?region=us-east-2";

let ws: Sandbox;
/** `compute:deploy --stack=pr-9`, run once and saved: the push tests start from it. */
let deployed: NxResult;
beforeAll(() => {
  ws = new Sandbox();
  deployed = ws.nx(["run", "compute:deploy", "--stack=pr-9", "--exclude-task-dependencies"]);
  ws.save("deployed");
});
afterAll(() => ws.dispose());
beforeEach(() => ws.reset());

describe("ephemeral-stack.sh", () => {
  it("selects or creates the stack in every layer and copies dev's committed config without the suffix", () => {
    const result = ws.script("tools/orchestration/scripts/ephemeral-stack.sh pr-9", { PULUMI_SECRETS_PROVIDER: PROVIDER });
    expect(result.status).toBe(0);
    expect(ws.calls()).toEqual(
      ORDER.flatMap((layer): [string, string][] => [
        [`pulumi ${layer}`, `stack select --create pr-9 --secrets-provider ${PROVIDER} --non-interactive`],
        [`pulumi ${layer}`, "config cp --stack dev --dest pr-9 --non-interactive"],
        [`pulumi ${layer}`, "config rm environmentSuffix --stack pr-9 --non-interactive"],
      ]),
    );
  });

  it("needs a stack name and the secrets provider", () => {
    expect(ws.script("tools/orchestration/scripts/ephemeral-stack.sh", { PULUMI_SECRETS_PROVIDER: PROVIDER }).output).toContain("usage: ephemeral-stack.sh <stack> [<from>]");
    const result = ws.script("unset PULUMI_SECRETS_PROVIDER; tools/orchestration/scripts/ephemeral-stack.sh pr-9");
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("set PULUMI_SECRETS_PROVIDER (docs/deploy.md §2)");
    expect(ws.calls()).toEqual([]);
  });
});

describe("push-image.sh", () => {
  const push = "tools/orchestration/scripts/push-image.sh pr-9 ingest app:abc abc";

  it("tags and pushes the local image to the named service's repository, once: a re-run finds the immutable tag there", () => {
    expect(deployed.status).toBe(0);
    ws.restore("deployed");
    const before = ws.calls().length;
    expect(ws.script(push).status).toBe(0);
    const describe: [string, string] = ["aws", "ecr describe-images --repository-name ingest-pr-9 --image-ids imageTag=abc --region us-east-2 --output json"];
    expect(ws.calls().slice(before)).toEqual([describe, ["docker", `tag app:abc ${REPO}:abc`], ["docker", `push ${REPO}:abc`]]);
    const again = ws.script(push);
    expect(again.output).toContain(`${REPO}:abc is already in the repository`);
    expect(ws.calls().slice(before + 3)).toEqual([describe]);
  });

  it("stops when compute was never deployed, naming the command to run first", () => {
    ws.script("mkdir -p dist/pr-9/compute && echo '{}' > dist/pr-9/compute/outputs.json");
    const result = ws.script(push);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      "push-image.sh: dist/pr-9/compute/outputs.json has no services: deploy compute first (npx nx run compute:deploy --stack=pr-9 --exclude-task-dependencies)",
    );
    expect(ws.calls()).toEqual([]);
  });

  it("stops on a service the stack does not run, listing the ones it does", () => {
    expect(deployed.status).toBe(0);
    ws.restore("deployed");
    const before = ws.calls().length;
    for (const name of ["analytics", "constructor"]) {
      const result = ws.script(`tools/orchestration/scripts/push-image.sh pr-9 ${name} app:abc abc`);
      expect(result.status).toBe(2);
      expect(result.output).toContain(`push-image.sh: service "${name}" has no repository in dist/pr-9/compute/outputs.json; its services are api, ingest, processor`);
    }
    expect(ws.calls().slice(before)).toEqual([]);
  });
});
