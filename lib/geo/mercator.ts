/**
 * Web Mercator (EPSG:3857, the projection of OpenStreetMap tiles) for drawing a track without a
 * map library: world coordinates in [0, 1] (x east from lon -180, y south from lat 85.05),
 * a fit of a track's bounds into a pixel box, and the slippy-map tiles that cover it. Pure.
 */
export const TILE_SIZE = 256;
export const MAX_LAT = 85.0511287798066;
export const MAX_ZOOM = 19;

export interface WorldPoint {
  x: number;
  y: number;
}

export function project(lat: number, lon: number): WorldPoint {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: (lon + 180) / 360,
    y: 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI),
  };
}

export function unproject(p: WorldPoint): { lat: number; lon: number } {
  const n = Math.PI - 2 * Math.PI * p.y;
  return { lat: (180 / Math.PI) * Math.atan(Math.sinh(n)), lon: p.x * 360 - 180 };
}

/** World → pixel mapping of a view: px = (x - cx) * scale + width / 2. */
export interface View {
  width: number;
  height: number;
  cx: number;
  cy: number;
  /** Pixels per world unit (TILE_SIZE * 2^zoom). */
  scale: number;
}

export function toPixel(view: View, p: WorldPoint): { px: number; py: number } {
  return { px: (p.x - view.cx) * view.scale + view.width / 2, py: (p.y - view.cy) * view.scale + view.height / 2 };
}

export function toWorld(view: View, px: number, py: number): WorldPoint {
  return { x: (px - view.width / 2) / view.scale + view.cx, y: (py - view.height / 2) / view.scale + view.cy };
}

/** The view that shows all points with `padding` pixels around, no closer than maxZoom. */
export function fitView(points: WorldPoint[], width: number, height: number, padding = 16, maxZoom = 17): View {
  if (points.length === 0) return { width, height, cx: 0.5, cy: 0.5, scale: TILE_SIZE };
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const maxScale = TILE_SIZE * 2 ** maxZoom;
  const fit = (pixels: number, extent: number) => (extent > 0 ? Math.max(1, pixels - 2 * padding) / extent : maxScale);
  return {
    width,
    height,
    cx: (minX + maxX) / 2,
    cy: (minY + maxY) / 2,
    scale: Math.min(maxScale, fit(width, maxX - minX), fit(height, maxY - minY)),
  };
}

export interface Tile {
  z: number;
  x: number;
  y: number;
  /** Top-left corner and edge length in pixels. */
  px: number;
  py: number;
  size: number;
}

/** Tiles covering the view at the integer zoom just below the view's (each drawn 1-2x). */
export function tilesFor(view: View, maxTiles = 64): Tile[] {
  const z = Math.max(0, Math.min(MAX_ZOOM, Math.floor(Math.log2(view.scale / TILE_SIZE))));
  const n = 2 ** z;
  const size = view.scale / n;
  const topLeft = toWorld(view, 0, 0);
  const bottomRight = toWorld(view, view.width, view.height);
  const x0 = Math.floor(topLeft.x * n);
  const x1 = Math.floor(bottomRight.x * n);
  const y0 = Math.max(0, Math.floor(topLeft.y * n));
  const y1 = Math.min(n - 1, Math.floor(bottomRight.y * n));
  const tiles: Tile[] = [];
  for (let ty = y0; ty <= y1; ty++) {
    for (let tx = x0; tx <= x1; tx++) {
      const { px, py } = toPixel(view, { x: tx / n, y: ty / n });
      tiles.push({ z, x: ((tx % n) + n) % n, y: ty, px, py, size });
      if (tiles.length >= maxTiles) return tiles;
    }
  }
  return tiles;
}

/** A tile URL from a template with {z}, {x} and {y} ("https://tile.openstreetmap.org/{z}/{x}/{y}.png"). */
export function tileUrl(template: string, tile: Pick<Tile, "z" | "x" | "y">): string {
  return template.replace("{z}", String(tile.z)).replace("{x}", String(tile.x)).replace("{y}", String(tile.y));
}
