import { describe, expect, it } from "vitest";
import { escapeXml, GPX_TAIL, gpxHead, gpxTrackPoints } from "./gpx";

describe("GPX", () => {
  const keys = ["c", "ff1005", "ff1006", "ff1010"];
  const t = Date.UTC(2016, 2, 29, 13, 58, 18, 846);

  it("writes a GPX 1.1 track of the fixes, skipping samples without one", () => {
    const points = gpxTrackPoints(keys)([
      { time: t, cells: ["800", "-121.46168616", "38.41304312", "-51"] },
      { time: t + 1000, cells: ["800", "0", "0", "0"] }, // before the first fix
      { time: t + 2000, cells: ["800", null, "38.4", null] },
      { time: t + 3000, cells: ["800", "-121.4", "95", null] }, // not on the globe
      { time: t + 4000, cells: ["800", "-121.46159541", "38.41302748", null] },
    ]);
    expect(points).toBe(
      '<trkpt lat="38.41304312" lon="-121.46168616"><ele>-51</ele><time>2016-03-29T13:58:18.846Z</time></trkpt>\n' +
        '<trkpt lat="38.41302748" lon="-121.46159541"><time>2016-03-29T13:58:22.846Z</time></trkpt>\n',
    );
    const doc = gpxHead("Trip <1> & co", t) + points + GPX_TAIL;
    expect(doc).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<gpx version="1.1" creator="Torque Log Server" xmlns="http:\/\/www.topografix.com\/GPX\/1\/1"/);
    expect(doc).toContain("<metadata><name>Trip &lt;1&gt; &amp; co</name><time>2016-03-29T13:58:18.846Z</time></metadata>");
    expect(doc.endsWith("</trkseg></trk>\n</gpx>\n")).toBe(true);
  });

  it("writes no points for a session without GPS PIDs", () => {
    expect(gpxTrackPoints(["c", "d"])([{ time: t, cells: ["1", "2"] }])).toBe("");
  });

  it("escapes every XML special character", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
  });
});
