/**
 * File names for downloads: readable, sortable by start time, unique per session, and safe
 * on every file system a zip may be unpacked on (Windows forbids \ / : * ? " < > | and
 * names ending in a dot or space). Pure.
 */
import { formatInZone } from "@/lib/time";

export interface NamedSession {
  startedAt: number;
  /** Vehicle profile name, else the device's nickname; null when neither is known. */
  vehicle: string | null;
  /** Torque's session number (epoch ms at trip start) as text. */
  torqueSession: string;
}

/** Letters and digits of any script, "." "_" "-"; everything else becomes "-"; at most 40 characters. */
export function safeNamePart(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 40)
    .replace(/[-._]+$/, "");
}

/** "2016-03-29_0658_ManVan_1459259898185.csv": start in the export's time zone, vehicle, session. */
export function sessionFileName(session: NamedSession, timeZone: string, extension: string): string {
  const start = formatInZone(session.startedAt, timeZone, "datetime"); // 2016-03-29 06:58:18
  const stamp = `${start.slice(0, 10)}_${start.slice(11, 13)}${start.slice(14, 16)}`;
  const vehicle = session.vehicle === null ? "" : safeNamePart(session.vehicle);
  return [stamp, vehicle, safeNamePart(session.torqueSession)].filter((p) => p !== "").join("_") + `.${extension}`;
}

/**
 * Keeps names unique within one archive: a repeat gets "-2", "-3" … before its extension
 * (two devices can start a trip in the same millisecond). Remembers every name it gave.
 */
export function uniqueNamer(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    let candidate = name;
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

/**
 * A Content-Disposition header for a download: an ASCII fallback for old clients and the
 * exact name in RFC 5987 encoding (filename*), which every current browser prefers.
 */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
