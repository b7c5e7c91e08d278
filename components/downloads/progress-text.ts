/**
 * What the download status line says, from the server's progress report
 * (GET /api/sessions/export/{job}). Pure, shared by the component and its test.
 */
export interface ExportProgressReport {
  state: "running" | "done" | "cancelled" | "failed";
  total: number | null;
  done: number;
  bytes: number;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const sessions = (n: number) => `${n.toLocaleString("en-US")} session${n === 1 ? "" : "s"}`;

export function describeProgress(p: ExportProgressReport | null): string {
  if (p === null) return "Preparing the download…";
  const of = p.total === null ? sessions(p.done) : `${p.done.toLocaleString("en-US")} of ${sessions(p.total)}`;
  switch (p.state) {
    case "running":
      return `Downloading: ${of} · ${formatBytes(p.bytes)}`;
    case "done":
      return `Download complete: ${sessions(p.done)}, ${formatBytes(p.bytes)}.`;
    case "cancelled":
      return `Download cancelled after ${of}.`;
    case "failed":
      return `Download failed after ${of}. Try again.`;
  }
}
