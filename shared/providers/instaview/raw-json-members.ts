/**
 * The raw text of the root object's members named, as they stand in the JSON: a string's
 * characters between its quotes (not unescaped), a number's digits as written. A signature is
 * over what the sender wrote, which JSON.parse may rewrite (`1772442900.500` → 1772442900.5).
 * Nested members of the same name are not the root's; a repeated name keeps the last (as
 * JSON.parse does). Not JSON, or a root that is no object: nothing.
 */
export function rawJsonMembers(json: string, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const start = json.search(/\S/);
  if (start < 0 || json[start] !== '{') return found;
  let depth = 0;
  let expectingKey = false;
  for (let i = start; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      const end = stringEnd(json, i);
      if (depth === 1 && expectingKey) {
        expectingKey = false;
        const colon = /^\s*:\s*/.exec(json.slice(end + 1));
        if (!colon) return found;
        const valueAt = end + 1 + colon[0].length;
        const name = json.slice(i + 1, end);
        if (names.includes(name)) {
          const value = json[valueAt] === '"' ? json.slice(valueAt + 1, stringEnd(json, valueAt)) : /^-?[0-9][0-9.eE+-]*/.exec(json.slice(valueAt))?.[0];
          if (value !== undefined) found.set(name, value);
        }
        i = valueAt - 1;
        continue;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      expectingKey = depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',' && depth === 1) {
      expectingKey = true;
    }
  }
  return found;
}

/** Index of the quote closing the string that opens at `at` (the text's length when unclosed). */
function stringEnd(json: string, at: number): number {
  for (let j = at + 1; j < json.length; j++) {
    if (json[j] === '\\') j++;
    else if (json[j] === '"') return j;
  }
  return json.length;
}
