/**
 * PostgreSQL array literals (`{"a","b",NULL}`, `{1.5,2}`) for one-dimensional arrays of text or
 * finite numbers. Why: a group of uploads goes to the database as one statement whose parameters
 * are arrays with one entry per upload; an upload's own arrays (its PIDs, its values) then travel
 * as one literal each, which SQL casts back (`p_keys[i]::text[]`). Pure, no I/O.
 */
export type LiteralElement = string | number | null;

const NEEDS_ESCAPE = /[\\"]/;
const escapeText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\"]/g, "\\$&") : s);

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  return String(n);
}

/** `{…}` of the items; text is always quoted, so `NULL`, braces, commas and spaces stay text. */
export function arrayLiteral(items: readonly LiteralElement[]): string {
  let out = "{";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    const item = items[i];
    if (item === null) out += "NULL";
    else if (typeof item === "number") out += numberText(item);
    else out += `"${escapeText(item)}"`;
  }
  return out + "}";
}

/**
 * The literal of a group parameter: one element per entry, where an entry that is itself an
 * array becomes one text element holding that array's literal (cast back in SQL). The same
 * string as `arrayLiteral(entries.map((e) => (Array.isArray(e) ? arrayLiteral(e) : e)))`, built
 * in one pass: a group's parameters were ~a quarter of the server's allocations per upload when
 * node-postgres escaped every nested literal again (bench/README.md, section 10).
 */
export function groupArrayLiteral(entries: readonly (LiteralElement | readonly LiteralElement[])[]): string {
  let out = "{";
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) out += ",";
    const entry = entries[i];
    if (entry === null) out += "NULL";
    else if (typeof entry === "number") out += numberText(entry);
    else if (typeof entry === "string") out += `"${escapeText(entry)}"`;
    else {
      // The inner literal, quoted as an element of the outer one: its quotes become \" and
      // what it escapes is escaped a second time.
      out += '"{';
      for (let j = 0; j < entry.length; j++) {
        if (j > 0) out += ",";
        const item = entry[j];
        if (item === null) out += "NULL";
        else if (typeof item === "number") out += numberText(item);
        else out += `\\"${escapeText(escapeText(item))}\\"`;
      }
      out += '}"';
    }
  }
  return out + "}";
}
