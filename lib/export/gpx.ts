/**
 * The GPS track of a session as GPX 1.1 (one track, one segment), for maps and GPS tools.
 * Positions come from GPS Latitude/Longitude (ff1006/ff1005), elevation from GPS Altitude
 * (ff1010). Samples without a fix are left out: a missing coordinate, 0,0 (what Torque logs
 * before the first fix) or one outside the globe. Times are UTC, as GPX wants. Pure.
 */
type Rows = readonly { time: number; cells: readonly (string | null)[] }[];

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

export function gpxHead(trackName: string, startedAt: number): string {
  const name = escapeXml(trackName);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<gpx version="1.1" creator="Torque Log Server" xmlns="http://www.topografix.com/GPX/1/1" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n` +
    `<metadata><name>${name}</name><time>${new Date(startedAt).toISOString()}</time></metadata>\n` +
    `<trk><name>${name}</name><trkseg>\n`
  );
}

export const GPX_TAIL = "</trkseg></trk>\n</gpx>\n";

const finite = (text: string | null | undefined): number | null => {
  if (text === null || text === undefined) return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
};

/** `<trkpt>` lines for rows whose value arrays follow `keys`; "" when nothing has a fix. */
export function gpxTrackPoints(keys: readonly string[]): (rows: Rows) => string {
  const lat = keys.indexOf("ff1006");
  const lon = keys.indexOf("ff1005");
  const ele = keys.indexOf("ff1010");
  return (rows) => {
    if (lat < 0 || lon < 0) return "";
    let out = "";
    for (const row of rows) {
      const y = finite(row.cells[lat]);
      const x = finite(row.cells[lon]);
      if (y === null || x === null || (y === 0 && x === 0) || Math.abs(y) > 90 || Math.abs(x) > 180) continue;
      const z = ele < 0 ? null : finite(row.cells[ele]);
      out += `<trkpt lat="${y}" lon="${x}">${z === null ? "" : `<ele>${z}</ele>`}<time>${new Date(row.time).toISOString()}</time></trkpt>\n`;
    }
    return out;
  };
}
