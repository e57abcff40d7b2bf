import fc from 'fast-check';

/**
 * Paths into a JSON body and the ways real provider deliveries and answers differ from the
 * documented samples (a field null or absent, an id of the other JSON type, an unknown field,
 * a timestamp spelled otherwise, long unicode text), for the provider tolerance properties.
 */

export type Path = (string | number)[];

export function matches(body: unknown, path: Path): { parent: any; key: string | number }[] {
  let frontier: { parent: any; key: string | number }[] = [{ parent: { root: body }, key: 'root' }];
  for (const step of path) {
    const next: { parent: any; key: string | number }[] = [];
    for (const { parent, key } of frontier) {
      const at = parent[key];
      if (at === null || typeof at !== 'object') continue;
      if (step === '*') {
        if (Array.isArray(at)) at.forEach((_, index) => next.push({ parent: at, key: index }));
      } else if (Object.hasOwn(at, step)) {
        next.push({ parent: at, key: step });
      }
    }
    frontier = next;
  }
  return frontier;
}

export const valueAt = (body: unknown, path: Path): unknown => {
  const found = matches(body, path)[0];
  return found ? found.parent[found.key] : undefined;
};
export const exists = (body: unknown, path: Path) => matches(body, path).length > 0;
export const set = (body: unknown, path: Path, value: () => unknown) => { for (const m of matches(body, path)) m.parent[m.key] = value(); };
export const remove = (body: unknown, path: Path) => {
  for (const m of matches(body, path)) {
    if (Array.isArray(m.parent)) m.parent.splice(m.key as number, 1);
    else delete m.parent[m.key];
  }
};
export const dotted = (path: Path) => path.join('.');

/** "1042" ↔ 1042; anything else as it is. */
export function otherIdType(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/** Every object in the body, by path (where an unknown field can appear). */
export function objectPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const here = Array.isArray(value) ? [] : [path];
  const children = Array.isArray(value) ? value.map((v, i) => objectPaths(v, [...path, i])) : Object.entries(value).map(([k, v]) => objectPaths(v, [...path, k]));
  return [...here, ...children.flat()];
}

/** Adds `unknown_<key>` to the object at `path` (defineProperty: "__proto__" is a field in JSON too). */
export function addUnknownField(body: unknown, path: Path, key: string, value: unknown): void {
  for (const m of path.length ? matches(body, path) : [{ parent: { root: body }, key: 'root' }]) {
    const target = m.parent[m.key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, `unknown_${key}`, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/**
 * The same instant as an ISO text spelled the ways APIs send it: with or without milliseconds,
 * with an offset instead of Z, as epoch seconds or milliseconds (numbers, or their digits).
 */
export function instantSpellings(iso: string): unknown[] {
  const ms = Date.parse(iso);
  const date = new Date(ms);
  const noMs = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const plusTwo = new Date(ms + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
  const minusFiveThirty = new Date(ms - 5.5 * 3_600_000).toISOString().replace(/Z$/, '-05:30');
  const spellings: unknown[] = [date.toISOString(), noMs, plusTwo, minusFiveThirty];
  // Epoch only for whole seconds (a fraction would read as another instant).
  if (ms % 1000 === 0) spellings.push(ms / 1000, ms, String(ms / 1000));
  return spellings;
}

const realText = ['Žofia Nováková', 'José María', '李小龍', 'محمد', 'Nguyễn', 'O\'Brien-Smith', 'Андрей', '😀👍', 'e\u0301cole', 'line\nbreak\ttab', '<b>html</b> & "quotes"'];

/** Free text as real people write it: accents, scripts, emoji, control characters, very long. */
export const freeTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...realText),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.tuple(fc.constantFrom(...realText), fc.integer({ min: 500, max: 20_000 })).map(([t, n]) => t.repeat(Math.ceil(n / t.length)).slice(0, n)),
);

/** Another case of the same word: "Completed" → "COMPLETED", "completed", "cOMPLETED". */
export function otherCases(value: string): string[] {
  const swapped = [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return [...new Set([value.toUpperCase(), value.toLowerCase(), swapped])].filter((v) => v !== value);
}
