// A view is a pure value: how far in, and around which point. The raster is computed for it.

export type View = {zoom: number; center: [number, number] | null};

export const WORLD_VIEW: View = {zoom: 1, center: null};
export const MAX_ZOOM = 64;

const clampLat = (lat: number) => Math.max(-75, Math.min(80, lat));
const wrapLon = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;

export function zoomIn(view: View, around: [number, number] | null = view.center): View {
  return {zoom: Math.min(MAX_ZOOM, view.zoom * 2), center: around ?? [0, 15]};
}

export function zoomOut(view: View): View {
  const zoom = Math.max(1, view.zoom / 2);
  return zoom === 1 ? WORLD_VIEW : {zoom, center: view.center};
}

/** Moves by a fraction of the visible span: dx = 1 is a whole screen to the east, dy = 1 a whole screen north. */
export function pan(view: View, dx: number, dy: number): View {
  const [lon, lat] = view.center ?? [0, 15];
  return {zoom: view.zoom, center: [wrapLon(lon + (dx * 360) / view.zoom / 2), clampLat(lat + (dy * 150) / view.zoom / 2)]};
}

export function reset(): View {
  return WORLD_VIEW;
}

/** The closest power-of-two zoom that still shows every point, centred on them. */
export function fitTo(points: readonly [number, number][]): View {
  if (points.length === 0) return WORLD_VIEW;
  let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  // Spans padded by a fifth so markers do not sit on the edge.
  const lonSpan = Math.max(2, (maxLon - minLon) * 1.2);
  const latSpan = Math.max(1, (maxLat - minLat) * 1.2);
  let zoom = 1;
  while (zoom < MAX_ZOOM && 360 / (zoom * 2) >= lonSpan && 150 / (zoom * 2) >= latSpan) zoom *= 2;
  return zoom === 1 ? WORLD_VIEW : {zoom, center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2]};
}

export function viewKey(view: View): string {
  return view.center ? `${view.zoom}@${view.center[0].toFixed(3)},${view.center[1].toFixed(3)}` : 'world';
}
