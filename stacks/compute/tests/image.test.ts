import { WAITING_FOR_IMAGE, configuredReference, resolveImage } from "../src/image";

const URL = "123456789012.dkr.ecr.us-east-2.amazonaws.com/analytics-dev";
const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

describe("resolveImage", () => {
  it("pins a tag that is in the repository to the digest it has now", () => {
    expect(resolveImage([{ imageDigest: B, imageTag: "1.1.0" }, { imageDigest: A, imageTag: "1.2.0" }], URL, "1.2.0", 3)).toEqual({
      present: true,
      reference: `${URL}@${A}`,
      status: `running ${URL}:1.2.0 as ${URL}@${A}, at least 3 tasks`,
    });
  });

  it("finds a configured digest among the repository's images, tagged or not", () => {
    expect(resolveImage([{ imageDigest: A, imageTag: null }], URL, A, 2)).toEqual({
      present: true,
      reference: `${URL}@${A}`,
      status: `running ${URL}@${A} as ${URL}@${A}, at least 2 tasks`,
    });
  });

  it("waits, naming the repository and tag, while the tag or digest is not there", () => {
    const waiting = (tag: string) => `${WAITING_FOR_IMAGE} ${configuredReference(URL, tag)}, 0 tasks: push it, then release it (docs/deploy.md, "First deployment")`;
    expect(resolveImage([], URL, "1.0.0", 2)).toEqual({ present: false, reference: `${URL}:1.0.0`, status: waiting("1.0.0") });
    expect(resolveImage([{ imageDigest: B, imageTag: "1.0.0" }], URL, A, 2)).toEqual({ present: false, reference: `${URL}@${A}`, status: waiting(A) });
    // An id without a digest (never answered by ListImages) does not count.
    expect(resolveImage([{ imageTag: "1.0.0" }], URL, "1.0.0", 2).present).toBe(false);
    expect(waiting("1.0.0")).toBe(`waiting for image ${URL}:1.0.0, 0 tasks: push it, then release it (docs/deploy.md, "First deployment")`);
  });
});
