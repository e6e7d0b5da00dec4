import { evaluatePlan } from "../../src/evaluate";
import { AlbDropsInvalidHeaders, HttpListenerRedirectsInProduction, HttpListenerRedirectsToHttps, ListenerUsesModernTls, MODERN_TLS_POLICIES } from "../../src/rules/elb";
import { PRODUCTION_ENVIRONMENTS } from "../../src/lib/environment";
import { baseSteps, messagesOf, res, urnOf } from "../plan-builder";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/abc";
const REDIRECT = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
const FORWARD = [{ type: "forward", targetGroupArn: "arn:tg" }];
const HTTP_MESSAGE = 'This HTTP listener forwards traffic in plain text; it may only redirect to HTTPS (defaultActions of type "redirect" with protocol "HTTPS").';

describe("alb-drops-invalid-headers", () => {
  it("passes an ALB that drops invalid headers, and ignores network load balancers", async () => {
    expect(
      await messagesOf(
        AlbDropsInvalidHeaders,
        res(LB, "alb", { loadBalancerType: "application", dropInvalidHeaderFields: true }),
        res(LB, "nlb", { loadBalancerType: "network" }),
      ),
    ).toEqual([]);
  });

  it("reports an ALB that forwards invalid headers", async () => {
    expect(await messagesOf(AlbDropsInvalidHeaders, res(LB, "alb", {}))).toEqual(["dropInvalidHeaderFields is unset; it must be true."]);
  });
});

describe("listener-uses-modern-tls", () => {
  it("passes an HTTPS listener with TLS 1.3 and a certificate, and ignores other protocols", async () => {
    expect(
      await messagesOf(
        ListenerUsesModernTls,
        res(LISTENER, "https", { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: CERT }),
        res(LISTENER, "http", { protocol: "HTTP", port: 80, defaultActions: FORWARD }),
      ),
    ).toEqual([]);
  });

  it("accepts exactly the TLS 1.2+ forward-secrecy policies", () => {
    expect(MODERN_TLS_POLICIES).toContain("ELBSecurityPolicy-TLS13-1-3-2021-06");
    expect(MODERN_TLS_POLICIES).not.toContain("ELBSecurityPolicy-2016-08");
    expect(MODERN_TLS_POLICIES).not.toContain("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
  });

  it("reports an outdated TLS policy and a missing certificate", async () => {
    expect(await messagesOf(ListenerUsesModernTls, res(LISTENER, "https", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }))).toEqual([
      `sslPolicy is "ELBSecurityPolicy-2016-08"; use one of ${MODERN_TLS_POLICIES.join(", ")}.`,
      "certificateArn is unset; an HTTPS listener needs an ACM certificate.",
    ]);
  });
});

describe("HTTP listeners", () => {
  /** Violations of both HTTP policies for one listener in a stack of the given environment. */
  async function httpFindings(environment: string | undefined, defaultActions: unknown, withProvider = true) {
    const [stack, provider] = baseSteps("x", environment);
    const listener = res(LISTENER, "http", { protocol: "HTTP", port: 80, defaultActions }, withProvider ? {} : { provider: undefined });
    const { violations } = await evaluatePlan({ steps: [stack, provider, listener] }, { policies: [HttpListenerRedirectsInProduction, HttpListenerRedirectsToHttps] });
    return violations.map((v) => [v.policy, v.enforcementLevel, v.message]);
  }

  it("treats prod as production", () => {
    expect(PRODUCTION_ENVIRONMENTS).toEqual(["prod"]);
  });

  it("passes a redirect-only HTTP listener in every environment, and ignores HTTPS listeners", async () => {
    expect(await httpFindings("prod", REDIRECT)).toEqual([]);
    expect(await httpFindings("dev", REDIRECT)).toEqual([]);
    expect(await messagesOf(HttpListenerRedirectsInProduction, res(LISTENER, "https", { protocol: "HTTPS", defaultActions: FORWARD }))).toEqual([]);
  });

  it("holds production to the mandatory redirect", async () => {
    expect(await httpFindings("prod", FORWARD)).toEqual([["http-listener-redirects-in-production", "mandatory", HTTP_MESSAGE]]);
  });

  it("treats a stack whose environment it cannot read as production", async () => {
    expect(await httpFindings("dev", [], false)).toEqual([["http-listener-redirects-in-production", "mandatory", HTTP_MESSAGE]]);
  });

  it.each([[[{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }]], [FORWARD]])(
    "reports plain HTTP outside production as advisory (%j)",
    async (defaultActions) => {
      expect(await httpFindings("dev", defaultActions)).toEqual([
        ["http-listener-redirects-to-https", "advisory", `${HTTP_MESSAGE} Allowed in 'dev' without a certificate; production requires HTTPS.`],
      ]);
    },
  );

  it("names the listener", async () => {
    const [stack, provider] = baseSteps("x", "staging");
    const { violations } = await evaluatePlan(
      { steps: [stack, provider, res(LISTENER, "http", { protocol: "HTTP", defaultActions: FORWARD })] },
      { policies: [HttpListenerRedirectsToHttps] },
    );
    expect(violations.map((v) => v.urn)).toEqual([urnOf(LISTENER, "http")]);
  });
});
