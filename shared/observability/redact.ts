/**
 * Keeps email addresses and phone numbers out of logs (invariant 5). Two layers:
 * keys that hold contact data are masked whatever their value, and any string is
 * scrubbed of things that look like an email or a phone number (a payload or an
 * error message from a provider can quote them).
 */
const sensitiveKey = /^(e-?mails?|email_?addresses|emailAddress(es)?|primaryEmailAddress|phones?|phone_?numbers?|phoneNumber|primaryPhoneNumber|mobile|candidate_?email|candidateEmail|contact|addresses|address|candidate|candidate_?name|firstname|lastname|first_?name|last_?name)$/i;

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** +E.164 (+421905123456) or grouped national numbers ((604) 555-0199, 604-555-0199, 0905 123 456). */
const phonePattern = /\+\d[\d\s().-]{6,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b0\d{2,3}[\s.-]\d{3}[\s.-]\d{3,4}\b/g;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return text.replace(emailPattern, REDACTED).replace(phonePattern, (match) => (isIsoDateLike(match) ? match : REDACTED));
}

/** A JSON.stringify replacer (Powertools Logger's jsonReplacerFn). */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key && sensitiveKey.test(key) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  return value;
}

/** Dates and timestamps share digits and dashes with phone numbers; never mask those. */
function isIsoDateLike(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text.trim());
}
