/**
 * Keeps email addresses and phone numbers out of logs (invariant 5). Two layers:
 * keys that hold contact data are masked whatever their value, and any string is
 * scrubbed of things that look like an email or a phone number (a payload or an
 * error message from a provider can quote them).
 */
const sensitiveKey = /^(e-?mails?|email_?addresses|emailAddress(es)?|primaryEmailAddress|phones?|phone_?numbers?|phoneNumber|primaryPhoneNumber|mobile|candidate_?email|candidateEmail|contact|addresses|address|candidate|candidate_?name|firstname|lastname|first_?name|last_?name)$/i;

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** +E.164 (+421905123456) or North American groupings ((604) 555-0199, (604)555-0199, 604-555-0199). */
const phonePattern = /\+\d[\d\s().-]{6,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\(\d{3}\)\d{3}[\s.-]\d{4}\b/g;
/**
 * National numbers with a trunk or international prefix, grouped as people write them:
 * 07700 900123, 020 7946 0958, 0151 23456789, 06 12 34 56 78, 0905 123 456, 00421 905 123 456.
 * Not inside a word, an id, an IP or a UUID (nothing word-like, ".", "+" or "-" just before),
 * not followed by ":<digit>" (a date then a time: "01.02.2026 10:00"); counted below.
 */
const nationalPhonePattern = /(?<![\w.+-])0\d{1,4}(?:[ .-]\d{2,8}){1,4}(?![\w-]|[.:]\d)/g;
/** Dates written with dots or dashes have 8 digits; national numbers with a prefix have 9 to 15. */
const nationalDigits = { min: 9, max: 15 };

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return text
    .replace(emailPattern, REDACTED)
    .replace(phonePattern, (match) => (isIsoDateLike(match) ? match : REDACTED))
    .replace(nationalPhonePattern, (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= nationalDigits.min && digits <= nationalDigits.max ? REDACTED : match;
    });
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
