/**
 * RFC 4180 cells for the CSVs we write. Torque's own files never quote (names have their
 * commas replaced by spaces, see formatHeaderCell), so a trackLog cell only needs quotes when
 * a name carries a double quote or starts with a space-free oddity a reader would misparse;
 * free text in index.csv (names, notes, tags) can hold anything, line breaks included.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with its "\n" (Torque writes LF line ends). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",") + "\n";
}
