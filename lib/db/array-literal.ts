/**
 * PostgreSQL array literals (`{"a","b",NULL}`, `{1.5,2}`) for one-dimensional arrays of text or
 * finite numbers. Why: a group of uploads goes to the database as one statement whose parameters
 * are arrays with one entry per upload; an upload's own arrays (its PIDs, its values) then travel
 * as one literal each, which SQL casts back (`p_keys[i]::text[]`). Pure, no I/O.
 */
export function arrayLiteral(items: readonly (string | number | null)[]): string {
  let out = "{";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    const item = items[i];
    if (item === null) out += "NULL";
    else if (typeof item === "number") {
      if (!Number.isFinite(item)) throw new RangeError(`Not a finite number: ${item}`);
      out += String(item);
    } else out += `"${item.replace(/[\\"]/g, "\\$&")}"`;
  }
  return out + "}";
}
