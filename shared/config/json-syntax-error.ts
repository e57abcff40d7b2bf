/**
 * Why and where JSON.parse gave up on a config file: "Unexpected token ']' (line 3, column 21)".
 * Never V8's whole message: it quotes the text around the error, and a local config file holds
 * API keys and webhook secrets.
 */
export function describeJsonSyntaxError(text: string, error: Error): string {
  if (text.trim() === '') return 'it is empty';
  if (/Unexpected end of JSON input/.test(error.message)) return 'it ends too early';
  const index = positionIn(error.message) ?? lastViablePrefix(text);
  return index === undefined ? whyOf(error.message) : `${whyOf(error.message)} (${lineAndColumn(text, index)})`;
}

/**
 * The text without the UTF-8 byte order mark Windows tools put first (PowerShell 5's
 * `Set-Content -Encoding UTF8`, older Notepad). JSON.parse refuses it as an invisible
 * "Unexpected token" at line 1, column 1; read before parsing, positions stay the file's.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** V8's words without its quote of the text (`, "…" is not valid JSON`) or its position; a line break shown as \n. */
function whyOf(message: string): string {
  const words = message.replace(/,\s*(?:\.\.\.)?".*$/s, '').replace(/\s+at position \d+.*$/s, '').replace(/\s+in JSON$/, '');
  return words.replace(/[\n\r\t]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function positionIn(message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? undefined : Number(position);
}

/**
 * Where the error is when V8 does not say (its "Unexpected token" message has no position on
 * Node 20 or 22): the longest prefix of the text that is still the start of some JSON. The
 * character after it is the one JSON.parse stumbled on. A prefix stays viable or not as it
 * grows, so a binary search finds it in a few parses.
 */
function lastViablePrefix(text: string): number | undefined {
  if (isViable(text, text.length)) return undefined;
  let viable = 0;
  let notViable = text.length;
  while (notViable - viable > 1) {
    const middle = Math.floor((viable + notViable) / 2);
    if (isViable(text, middle)) viable = middle;
    else notViable = middle;
  }
  return viable;
}

/** The first `length` characters parse, or fail only because they stop (at or past their end). */
function isViable(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return true;
  } catch (error) {
    const message = (error as Error).message;
    if (/Unexpected end of JSON input/.test(message)) return true;
    const position = positionIn(message);
    return position !== undefined && position >= length;
  }
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  return `line ${before.split('\n').length}, column ${index - before.lastIndexOf('\n')}`;
}
