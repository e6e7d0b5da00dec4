import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";
import { ASSUMPTION_RULES, DataFileError, PRICE_KEYS, loadAssumptions, loadPriceBook, overrideAssumptions } from "../src/data";
import { DATA_DIR } from "./fixtures";

const PRICES = path.join(DATA_DIR, "prices-us-east-2.json");
const ASSUMPTIONS = path.join(DATA_DIR, "assumptions.json");
const tmp = scratchDir("report-data-");
const write = (name: string, content: unknown): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
};
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return (error as Error).message;
  }
  throw new Error("expected a DataFileError");
};
const prices = (): Record<string, any> => JSON.parse(fs.readFileSync(PRICES, "utf8"));
const assumptions = (): Record<string, any> => JSON.parse(fs.readFileSync(ASSUMPTIONS, "utf8"));

describe("the versioned price file", () => {
  const book = loadPriceBook(PRICES, "us-east-2");

  it("is valid and carries every price the estimator reads, each with unit, date and AWS page", () => {
    expect(Object.keys(book.prices).sort()).toEqual([...PRICE_KEYS].sort());
    for (const p of Object.values(book.prices)) {
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(p.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect([book.region, book.prices.natGatewayHour.usd, book.prices.natGatewayHour.confirmed]).toEqual(["us-east-2", 0.045, true]);
  });

  it("says which prices an AWS page confirmed (6 of 47) and that the Fargate Spot price is derived, not quoted", () => {
    const all = [...Object.entries(book.prices), ...Object.entries(book.auroraInstanceClasses).map(([k, v]) => [`auroraInstanceClasses.${k}`, v] as const)];
    expect(all).toHaveLength(47);
    expect(all.filter(([, p]) => p.confirmed).map(([k]) => k)).toEqual(["vpcInterfaceEndpointGb", "natGatewayHour", "natGatewayGb", "albHour", "albLcuHour", "kmsKeyMonth"]);
    expect(book.prices.fargateSpotVcpuHour.usd).toBeCloseTo(book.prices.fargateVcpuHour.usd * 0.3, 10);
    expect(book.prices.fargateSpotVcpuHour.note).toMatch(/^NOT a quoted price: /);
  });

  it("lists VPC, subnets, security groups and IAM as free", () => {
    expect(Object.keys(book.freeTypes)).toEqual(expect.arrayContaining(["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup", "aws:iam/role:Role", "aws:iam/policy:Policy"]));
  });
});

describe("a malformed price file fails with one message naming the file, the key and the rule", () => {
  it("names each bad field", () => {
    const bad = prices();
    bad.prices.natGatewayHour.usd = "0.045";
    bad.prices.albHour.readOn = "yesterday";
    bad.prices.albHour.source = "http://example.com";
    bad.prices.albHour.confirmed = "yes";
    bad.prices.albHour.note = 3;
    bad.prices.kmsKeyMonth.unit = " ";
    delete bad.prices.s3Get1k;
    bad.prices.s3Gett1k = bad.prices.s3Put1k;
    const file = write("bad-prices.json", bad);
    const message = messageOf(() => loadPriceBook(file, "us-east-2"));
    expect(message.split("\n").slice(0, 8)).toEqual([
      `${file} is invalid:`,
      '  - prices.natGatewayHour.usd "0.045": must be a number >= 0',
      '  - prices.albHour.readOn "yesterday": must be the date the price was read (YYYY-MM-DD)',
      '  - prices.albHour.source "http://example.com": must be the https://aws.amazon.com/... pricing page it was read from',
      '  - prices.albHour.confirmed "yes": must be true or false',
      "  - prices.albHour.note 3: must be a string when present",
      '  - prices.kmsKeyMonth.unit " ": must be a non-empty string',
      "  - prices.s3Get1k missing: must be an object with usd, unit, readOn, source and confirmed",
    ]);
    expect(message).toContain("  - prices.s3Gett1k: is not a price the estimator reads (known: vpcInterfaceEndpointHour,");
  });

  it("checks the header, the instance classes and the free types", () => {
    const bad = prices();
    Object.assign(bad, { schemaVersion: 2, region: "us-east-1", currency: "EUR", version: "" });
    bad.auroraInstanceClasses = { "r6g.large": { ...bad.auroraInstanceClasses["db.r6g.large"], memoryGiB: 0 } };
    bad.freeTypes = { "ec2 vpc": "free", "aws:ec2/subnet:Subnet": "" };
    const message = messageOf(() => loadPriceBook(write("bad-header.json", bad), "us-east-2"));
    expect(message.split("\n").slice(1)).toEqual([
      "  - schemaVersion 2: must be 1",
      '  - region "us-east-1": must be us-east-2, the region the plans deploy to',
      '  - currency "EUR": must be USD',
      '  - version "": must be a non-empty string',
      "  - auroraInstanceClasses.r6g.large: must be an instance class name like db.r6g.large",
      "  - auroraInstanceClasses.r6g.large.memoryGiB 0: must be a number > 0",
      "  - freeTypes.ec2 vpc: must be a Pulumi AWS type token like aws:ec2/vpc:Vpc",
      '  - freeTypes.aws:ec2/subnet:Subnet "": must give the reason it is free',
    ]);
  });

  it("requires the sections to be objects", () => {
    const message = messageOf(() => loadPriceBook(write("no-sections.json", { schemaVersion: 1, region: "us-east-2", currency: "USD", version: "v", prices: [], auroraInstanceClasses: {}, freeTypes: null }), "us-east-2"));
    expect(message.split("\n").slice(1)).toEqual([
      "  - prices []: must be an object keyed by price name",
      "  - auroraInstanceClasses {}: must map at least one db.* class to its price",
      "  - freeTypes null: must map resource types to the reason they are free",
    ]);
    expect(messageOf(() => loadPriceBook(write("no-classes.json", { ...prices(), auroraInstanceClasses: undefined }), "us-east-2")).split("\n").slice(1)).toEqual([
      "  - auroraInstanceClasses missing: must map at least one db.* class to its price",
    ]);
    expect(messageOf(() => loadPriceBook(write("array.json", []), "us-east-2"))).toBe(`${tmp}/array.json is invalid:\n  - (file) []: must be a JSON object`);
  });

  it("names a missing or unparsable file", () => {
    expect(messageOf(() => loadPriceBook(path.join(tmp, "nope.json"), "us-east-2"))).toBe(`${tmp}/nope.json is invalid:\n  - (file) cannot be read: it must exist`);
    expect(messageOf(() => loadPriceBook(write("broken.json", "{"), "us-east-2"))).toMatch(new RegExp(`^${tmp}/broken.json is invalid:\\n  - \\(file\\) is not valid JSON: `));
  });
});

describe("the assumptions file", () => {
  it("documents every assumption with its value, unit and meaning", () => {
    const set = loadAssumptions(ASSUMPTIONS);
    expect(Object.keys(set.documented).sort()).toEqual(Object.keys(ASSUMPTION_RULES).sort());
    expect([set.values.hoursPerMonth, set.values.spotDiscount, set.values.auroraAcuUtilization, set.overridden]).toEqual([730, null, 0.15, {}]);
  });

  it("fails with one message naming the file, each key and its rule", () => {
    const bad = assumptions();
    bad.schemaVersion = 0;
    bad.assumptions.hoursPerMonth.value = 800;
    bad.assumptions.auroraAcuUtilization.value = "half";
    bad.assumptions.spotDiscount.unit = "";
    bad.assumptions.albAverageLcu.value = null;
    bad.assumptions.colour = { value: 1, unit: "u", description: "d" };
    bad.assumptions.kmsRequestsPerKey = 5;
    delete bad.assumptions.backupVaultGb;
    const file = write("bad-assumptions.json", bad);
    expect(messageOf(() => loadAssumptions(file)).split("\n")).toEqual([
      `${file} is invalid:`,
      "  - schemaVersion 0: must be 1",
      "  - assumptions.backupVaultGb: is required (value, unit, description)",
      "  - assumptions.hoursPerMonth.value 800: must be a number between 1 and 744",
      '  - assumptions.auroraAcuUtilization.value "half": must be a number between 0 and 1',
      "  - assumptions.albAverageLcu.value null: must be a number >= 0",
      "  - assumptions.kmsRequestsPerKey 5: must be an object with value, unit and description",
      '  - assumptions.spotDiscount.unit "": must be a non-empty string',
      `  - assumptions.colour.value 1: is not a known assumption (known: ${Object.keys(ASSUMPTION_RULES).join(", ")})`,
    ]);
    expect(messageOf(() => loadAssumptions(write("flat.json", { hoursPerMonth: 730 })))).toBe(`${tmp}/flat.json is invalid:\n  - assumptions missing: must be an object keyed by assumption name`);
    expect(messageOf(() => loadAssumptions(write("null.json", "null")))).toBe(`${tmp}/null.json is invalid:\n  - assumptions null: must be an object keyed by assumption name`);
  });

  it("takes key=value overrides with the same rules, recording where each came from", () => {
    const set = overrideAssumptions(loadAssumptions(ASSUMPTIONS), ["hoursPerMonth=720", " spotDiscount = 0.6 "], "--assume");
    const again = overrideAssumptions(set, ["spotDiscount=null"], "REPORT_ASSUME");
    expect([set.values.hoursPerMonth, set.values.spotDiscount, again.values.spotDiscount, again.overridden]).toEqual([720, 0.6, null, { hoursPerMonth: "--assume", spotDiscount: "REPORT_ASSUME" }]);
    expect(messageOf(() => overrideAssumptions(set, ["hoursPerMonth", "albAverageLcu=", "spotDiscount=1", "colour=1", "hoursPerMonth=null"], "--assume")).split("\n")).toEqual([
      "--assume is invalid:",
      "  - hoursPerMonth: must be written key=value",
      '  - albAverageLcu "": must be a number >= 0',
      '  - spotDiscount "1": must be a number between 0 and 0.99 or null',
      `  - colour "1": is not a known assumption (known: ${Object.keys(ASSUMPTION_RULES).join(", ")})`,
      '  - hoursPerMonth "null": must be a number between 1 and 744',
    ]);
  });
});
