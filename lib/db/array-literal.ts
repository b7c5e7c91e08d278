/**
 * PostgreSQL array literals (`{"a","b",NULL}`, `{1.5,2}`) for one-dimensional arrays of text or
 * finite numbers. Why: a group of uploads goes to the database as one statement whose parameters
 * are arrays with one entry per upload; an upload's own arrays (its PIDs, its values) then travel
 * as one literal each, which SQL casts back (`p_keys[i]::text[]`). Pure, no I/O.
 */
export type LiteralElement = string | number | null;

const NEEDS_ESCAPE = /[\\"]/;
const escapeText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\"]/g, "\\$&") : s);
/** Text as an element of a literal: always quoted, so `NULL`, braces, commas and spaces stay text. */
const quotedText = (s: string) => `"${escapeText(s)}"`;
/** Text as an element of a literal that is itself quoted inside another: escaped twice. */
const nestedQuotedText = (s: string) => `\\"${escapeText(escapeText(s))}\\"`;

function elementText(item: LiteralElement, quote: (s: string) => string): string {
  if (item === null) return "NULL";
  if (typeof item === "string") return quote(item);
  if (!Number.isFinite(item)) throw new RangeError(`Not a finite number: ${item}`);
  return String(item);
}

function elements(items: readonly LiteralElement[], quote: (s: string) => string): string {
  let out = "";
  for (let i = 0; i < items.length; i++) out += (i > 0 ? "," : "") + elementText(items[i], quote);
  return out;
}

export function arrayLiteral(items: readonly LiteralElement[]): string {
  return `{${elements(items, quotedText)}}`;
}

/**
 * The literal of a group parameter: one element per entry, where an entry that is itself an
 * array becomes one text element holding that array's literal (cast back in SQL). The same
 * string as `arrayLiteral(entries.map((e) => (Array.isArray(e) ? arrayLiteral(e) : e)))`, built
 * in one pass: a group's parameters were ~a quarter of the server's allocations per upload when
 * node-postgres escaped every nested literal again (bench/README.md, section 10).
 */
export function groupArrayLiteral(entries: readonly (LiteralElement | readonly LiteralElement[])[]): string {
  let out = "";
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const text = typeof entry === "object" && entry !== null ? `"{${elements(entry, nestedQuotedText)}}"` : elementText(entry, quotedText);
    out += (i > 0 ? "," : "") + text;
  }
  return `{${out}}`;
}
