import { ResourceNotFoundError, classifyAwsError, errorCode } from "../src/errors";
import { awsError } from "./support/fixtures";

describe("classifyAwsError", () => {
  it.each([
    ["ThrottlingException", 400, "throttled"],
    ["RequestLimitExceeded", 503, "throttled"],
    ["ProvisionedThroughputExceededException", 400, "throttled"],
    ["SomethingNew", 429, "throttled"],
    ["AccessDeniedException", 400, "access-denied"],
    ["UnauthorizedOperation", 403, "access-denied"],
    ["Forbidden", 403, "access-denied"],
    ["DBClusterNotFoundFault", 404, "not-found"],
    ["InvalidVpcEndpointId.NotFound", 400, "not-found"],
    ["NoSuchBucket", 404, "not-found"],
    ["ResourceNotFoundException", 400, "not-found"],
    ["ClusterNotFoundException", 400, "not-found"],
    ["Gone", 404, "not-found"],
    ["InternalFailure", 500, "aws-error"],
  ])("classifies %s (HTTP %i) as %s", (name, status, kind) => {
    expect(classifyAwsError(awsError(name, "boom", status))).toEqual({ kind, code: name, message: "boom" });
  });

  it("honours the SDK's throttling marker", () => {
    expect(classifyAwsError(awsError("Weird", "slow down", 400, { $retryable: { throttling: true } })).kind).toBe("throttled");
  });

  it("prefers the query protocol's Code over the class name", () => {
    expect(classifyAwsError(awsError("EC2ServiceException", "denied", 400, { Code: "UnauthorizedOperation" }))).toEqual({
      kind: "access-denied",
      code: "UnauthorizedOperation",
      message: "denied",
    });
  });

  it("reports the checks' own not-found error", () => {
    expect(classifyAwsError(new ResourceNotFoundError("log group /x"))).toEqual({ kind: "not-found", code: "ResourceNotFound", message: "log group /x does not exist" });
  });

  it("copes with things that are not errors", () => {
    expect(classifyAwsError("socket hang up")).toEqual({ kind: "aws-error", code: "Error", message: "socket hang up" });
    expect(classifyAwsError(undefined)).toEqual({ kind: "aws-error", code: "Error", message: "undefined" });
  });
});

describe("errorCode", () => {
  it("returns the Code, else the name", () => {
    expect(errorCode(awsError("S3ServiceException", "x", 404, { Code: "NoSuchLifecycleConfiguration" }))).toBe("NoSuchLifecycleConfiguration");
    expect(errorCode(awsError("NoSuchBucket", "x", 404))).toBe("NoSuchBucket");
    expect(errorCode(null)).toBeUndefined();
  });
});
