/**
 * IAM policy documents as plain data: built from resolved values (inside `apply`), serialised with
 * `JSON.stringify`, and compared exactly in tests. Property order is the order AWS documents and
 * the JSON keeps, so the same statement always serialises to the same bytes.
 */

/** Condition operator -> condition key -> value(s), e.g. `{ StringEquals: { "aws:SourceAccount": "123456789012" } }`. */
export type Condition = Record<string, Record<string, string | string[]>>;

/**
 * One statement of an identity, resource (bucket, endpoint) or key policy. `Principal` is for
 * resource and key policies only; identity policies leave it out. `Sid` is required here although
 * AWS makes it optional: a named statement is what a plan diff, an access-denied investigation
 * and the policy pack point at.
 */
export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Record<string, string | string[]> | "*";
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** The current policy language version ("2012-10-17"; the older one lacks policy variables). */
export const policyDocument = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
