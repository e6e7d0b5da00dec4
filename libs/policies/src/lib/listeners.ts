import { list } from "./values";

/** True when every default action of an HTTP listener redirects to HTTPS. */
export function redirectsToHttps(defaultActions: unknown): boolean {
  const actions = list(defaultActions as { type?: string; redirect?: { protocol?: string } }[]);
  return actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
}

export const HTTP_REDIRECT_MESSAGE =
  'This HTTP listener forwards traffic in plain text; it may only redirect to HTTPS (defaultActions of type "redirect" with protocol "HTTPS").';
