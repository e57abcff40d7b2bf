/**
 * Xobin's webhooks are authenticated only by the last segment of the URL the tenant pastes into
 * Xobin (…/webhooks/providers/xobin/{tenantId}/{webhookPathSecret}). A character a URL cannot
 * carry as it is ("/" starts another segment, "?" a query, "#" a fragment, "%" an escape, a space
 * is no URL at all) breaks that URL: the token Xobin sends back never matches, and every webhook
 * is refused. RFC 3986's path-segment characters (unreserved, sub-delims, ":" and "@") stand as
 * they are, so a standard base64 secret without "/" (its "+" and "=") works.
 */
const URL_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;

export const URL_SAFE_CHARACTERS = "A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @";

/** Why a webhookPathSecret cannot be used in the webhook URL, or undefined. Never quotes the value. */
export function webhookPathSecretProblem(secret: string): string | undefined {
  if (URL_SAFE.test(secret)) return undefined;
  return `not URL-safe: a webhook URL carries only ${URL_SAFE_CHARACTERS} as they are (others, such as / ? # % or a space, break the URL pasted into Xobin, so its webhooks never match); set a new one of only these characters (e.g. openssl rand -hex 32)`;
}
