import { describe, expect, it } from "vitest";
import { fitView, project, tilesFor, tileUrl, toPixel, unproject } from "./mercator";
import { cleanTrack, colourRange, distanceKm, positionAt } from "./track";

describe("Web Mercator", () => {
  it("maps the world to the unit square and back", () => {
    expect(project(0, 0)).toEqual({ x: 0.5, y: 0.5 });
    expect(project(0, -180).x).toBe(0);
    expect(project(85.0511287798066, 0).y).toBeCloseTo(0, 10);
    const back = unproject(project(38.413, -121.4617));
    expect(back.lat).toBeCloseTo(38.413, 9);
    expect(back.lon).toBeCloseTo(-121.4617, 9);
  });

  it("fits a track into the box with its padding, keeping north up", () => {
    const points = [project(38.40, -121.50), project(38.52, -121.40)];
    const view = fitView(points, 600, 400, 20);
    const a = toPixel(view, points[0]);
    const b = toPixel(view, points[1]);
    for (const p of [a, b]) {
      expect(p.px).toBeGreaterThanOrEqual(19.999);
      expect(p.px).toBeLessThanOrEqual(580.001);
      expect(p.py).toBeGreaterThanOrEqual(19.999);
      expect(p.py).toBeLessThanOrEqual(380.001);
    }
    // The southern point is lower on the screen; one dimension touches the padding.
    expect(a.py).toBeGreaterThan(b.py);
    expect(Math.min(a.px, a.py, 600 - b.px, 400 - a.py)).toBeCloseTo(20, 6);
  });

  it("covers the view with tiles of the OSM numbering", () => {
    const view = fitView([project(38.40, -121.50), project(38.52, -121.40)], 600, 400);
    const tiles = tilesFor(view);
    expect(tiles.length).toBeGreaterThan(0);
    const z = tiles[0].z;
    expect(view.scale / 256 / 2 ** z).toBeGreaterThanOrEqual(1);
    expect(view.scale / 256 / 2 ** z).toBeLessThan(2);
    // Tiles tile: together they cover the whole box.
    expect(Math.min(...tiles.map((t) => t.px))).toBeLessThanOrEqual(0);
    expect(Math.max(...tiles.map((t) => t.px + t.size))).toBeGreaterThanOrEqual(600);
    expect(tileUrl("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { z: 12, x: 667, y: 1570 })).toBe("https://tile.openstreetmap.org/12/667/1570.png");
  });
});

describe("cleanTrack", () => {
  const t0 = Date.UTC(2016, 2, 29, 14);
  const at = (i: number) => t0 + i * 5000;

  it("drops fixes without a position and at 0,0, and breaks the line at a jump", () => {
    const segments = cleanTrack({
      t: [0, 1, 2, 3, 4, 5, 6, 7].map(at),
      lat: [null, 0, 38.41, 38.411, 38.412, 45.0, 38.414, 38.415],
      lon: [-121.4, 0, -121.46, -121.46, -121.46, -100.0, -121.46, -121.46],
      value: [1, 2, 3, 4, 5, 6, 7, 8],
    });
    // The lone far-away fix is a glitch: dropped, and the line is broken around it.
    expect(segments.map((s) => s.map((p) => p.value))).toEqual([[3, 4, 5], [7, 8]]);
  });

  it("keeps driving at motorway speed in one piece", () => {
    // 130 km/h for a minute, one fix every 5 s: legs of 180 m.
    const lat = Array.from({ length: 12 }, (_, i) => 38.4 + (i * 0.18) / 111.2);
    const segments = cleanTrack({ t: lat.map((_, i) => at(i)), lat, lon: lat.map(() => -121.4), value: lat.map(() => 130) });
    expect(segments).toHaveLength(1);
    expect(distanceKm(segments[0][0], segments[0][11])).toBeCloseTo(1.98, 1);
  });

  it("gives the position at any instant, interpolated between fixes", () => {
    // 28 km in 20 minutes.
    const [segment] = cleanTrack({ t: [t0, t0 + 1_200_000], lat: [38.0, 38.2], lon: [-121.0, -121.2], value: [10, 30] });
    const p = positionAt([segment], t0 + 600_000);
    expect(p?.lat).toBeCloseTo(38.1, 10);
    expect(p?.lon).toBeCloseTo(-121.1, 10);
    expect(positionAt([segment], t0 + 9_000_000)?.lat).toBe(38.2);
    expect(positionAt([], at(1))).toBeNull();
  });

  it("colours by the bulk of the values, not by one spike", () => {
    const values = [...Array.from({ length: 100 }, (_, i) => i), 10_000];
    expect(colourRange(values)).toEqual({ min: 2, max: 98 });
    expect(colourRange([null, 5])).toEqual({ min: 5, max: 5 });
    expect(colourRange([])).toBeNull();
  });
});
