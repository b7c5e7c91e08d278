/**
 * Stored values as the database's own decimal text, located in place instead of split out.
 * An export reads every value once and copies its characters into the file: cutting each
 * array's text into one string per value (and later joining them into lines, and encoding
 * those to UTF-8) made millions of short-lived strings, most of an export's CPU and garbage
 * (bench/README.md, section 11). Pure.
 */

const COMMA = 44;
const N = 78; // "N": NULL or NaN
const I = 73; // "I": Infinity
const MINUS = 45;

/**
 * One PostgreSQL array's text, "{1.5,NULL,2}", with where each element starts: element i is
 * `text` from `at[i]` to `at[i + 1] - 1` (the comma or closing brace). A negative `at[i]`
 * marks it absent — NULL, NaN, ±Infinity, which a finite number never prints as (positions
 * are ≥ 1, after the "{"). `longest`: the longest element's length. One typed array per
 * array text: it lives outside V8's heap, so reading costs the garbage collector nothing.
 */
export interface ArrayText {
  text: string;
  at: Int32Array;
  longest: number;
}

const EMPTY: ArrayText = { text: "", at: new Int32Array(1), longest: 0 };

/** Locates the elements of a one-dimensional array of numbers in its text (null: no elements). */
export function scanArrayText(text: string | null): ArrayText {
  if (text === null || text.length <= 2) return EMPTY;
  let count = 1;
  const last = text.length - 1; // the closing "}"
  for (let i = 1; i < last; i++) if (text.charCodeAt(i) === COMMA) count++;
  const at = new Int32Array(count + 1);
  let longest = 0;
  let from = 1;
  for (let e = 0; e < count; e++) {
    let to = from;
    while (to < last && text.charCodeAt(to) !== COMMA) to++;
    const c = text.charCodeAt(from);
    at[e] = c === N || c === I || (c === MINUS && text.charCodeAt(from + 1) === I) ? -from : from;
    if (to - from > longest) longest = to - from;
    from = to + 1;
  }
  at[count] = from;
  return { text, at, longest };
}

/** How many elements the array has. */
export function elementCount(array: ArrayText): number {
  return array.at.length - 1;
}

/**
 * "{0,1000,-5}" -> [0, 1000, -5]: an integer array without NULLs (a chunk's time offsets),
 * read by hand: the generic array parser made two strings and an array per element, a quarter
 * of all an export allocated.
 */
export function parseIntegerArrayText(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === MINUS) sign = -1;
    else {
      // "," or the closing "}"
      if (digits > 0) out.push(sign * value);
      value = 0;
      sign = 1;
      digits = 0;
    }
  }
  return out;
}

/** Element i as a string, null when absent. */
export function elementText(array: ArrayText, i: number): string | null {
  const from = array.at[i];
  return from < 0 ? null : array.text.slice(from, Math.abs(array.at[i + 1]) - 1);
}

/**
 * Where one stored row's values are: value k is element `base[k] + r × stride` of `arrays[k]`,
 * for k < width; columns from `width` on joined the session's PID list after the row was
 * stored and are absent. A packed chunk is one block for all its rows (its arrays are column
 * after column), a hot row a block of its own (stride 0).
 */
export interface TextBlock {
  arrays: ArrayText[];
  base: Int32Array;
  stride: number;
  width: number;
  /** The longest value text in the block's arrays: room a row needs. */
  longest: number;
}

/** One stored sample: its time (epoch ms) and where its values are. */
export interface TextRow {
  time: number;
  block: TextBlock;
  r: number;
}

/** 0, 1, …, width - 1: the `base` of every hot row of that width, shared (never written). */
const identities = new Map<number, Int32Array>();

/** The block of a hot row: one array, its values in column order. */
export function rowBlock(array: ArrayText): TextBlock {
  const width = elementCount(array);
  let base = identities.get(width);
  if (base === undefined) {
    base = Int32Array.from({ length: width }, (_, k) => k);
    identities.set(width, base);
  }
  return { arrays: new Array<ArrayText>(width).fill(array), base, stride: 0, width, longest: array.longest };
}

/** Value k of a row as a string; null when absent. */
export function cellText(row: TextRow, k: number): string | null {
  const b = row.block;
  return k < 0 || k >= b.width ? null : elementText(b.arrays[k], b.base[k] + row.r * b.stride);
}

/** The row's values as strings, padded with nulls to `width` columns. */
export function rowCells(row: TextRow, width: number): (string | null)[] {
  const cells = new Array<string | null>(width);
  for (let k = 0; k < width; k++) cells[k] = cellText(row, k);
  return cells;
}
