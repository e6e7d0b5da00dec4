/** How the report classifies an AWS error a check ran into. */
export type AwsErrorKind = "throttled" | "access-denied" | "unsupported" | "not-found" | "aws-error";

export interface ClassifiedError {
  readonly kind: AwsErrorKind;
  readonly code: string;
  readonly message: string;
}

/** Thrown by a check when a list/describe call answers without the resource it looks for. */
export class ResourceNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} does not exist`);
    this.name = "ResourceNotFound";
  }
}

// Error codes AWS services use for throttling (the SDK's own list plus the service-specific ones).
const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "RequestThrottled",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "SlowDown",
  "PriorRequestNotComplete",
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
]);

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "AuthorizationErrorException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
]);

// An API this region, partition or endpoint (an emulator) does not offer: the question cannot be asked.
const UNSUPPORTED = new Set(["UnknownOperationException", "InvalidAction", "UnsupportedOperation", "UnsupportedOperationException", "NotImplemented", "OptInRequired"]);

// Most "not found" codes end like this (DBClusterNotFoundFault, InvalidSubnetID.NotFound, ...).
const NOT_FOUND = /(NotFound|NotFoundException|NotFoundFault|^NoSuch\w+|^ResourceNotFound)$/;

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

export function classifyAwsError(error: unknown): ClassifiedError {
  const e = (error ?? {}) as SdkErrorShape;
  const code = e.Code ?? e.name ?? "Error";
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  if (THROTTLING.has(code) || e.$retryable?.throttling === true || status === 429) {
    return { kind: "throttled", code, message };
  }
  if (ACCESS_DENIED.has(code) || status === 403) {
    return { kind: "access-denied", code, message };
  }
  if (UNSUPPORTED.has(code) || status === 501) {
    return { kind: "unsupported", code, message };
  }
  if (NOT_FOUND.test(code) || status === 404) {
    return { kind: "not-found", code, message };
  }
  return { kind: "aws-error", code, message };
}

/** The error's code when it is an AWS service error, for checks that read "absent" from one. */
export function errorCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkErrorShape;
  return e.Code ?? e.name;
}
