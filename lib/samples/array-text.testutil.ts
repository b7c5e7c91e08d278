import { rowBlock, scanArrayText, type TextRow } from "./array-text";

/** Rows as the database would hand them over for hot samples: each row's values as one array's text. */
export function textRows(rows: readonly { time: number; cells: readonly (string | null)[] }[]): TextRow[] {
  return rows.map((row) => ({ time: row.time, block: rowBlock(scanArrayText(`{${row.cells.map((c) => c ?? "NULL").join(",")}}`)), r: 0 }));
}
