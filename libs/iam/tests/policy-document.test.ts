import { Statement, policyDocument } from "../src";

const read: Statement = { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::raw/*" };
const deny: Statement = { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::raw", "arn:aws:s3:::raw/*"] };

describe("policyDocument", () => {
  it("wraps the statements, in order, in a 2012-10-17 document", () => {
    expect(policyDocument(read, deny)).toEqual({ Version: "2012-10-17", Statement: [read, deny] });
  });

  it("serialises Version before Statement and keeps each statement's property order", () => {
    expect(JSON.stringify(policyDocument(read))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"ReadObjects","Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::raw/*"}]}',
    );
  });

  it("allows an empty document (a key policy with no service statements is still a document)", () => {
    expect(policyDocument()).toEqual({ Version: "2012-10-17", Statement: [] });
  });
});
