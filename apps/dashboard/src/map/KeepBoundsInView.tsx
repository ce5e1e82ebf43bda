import type { FitBoundsOptions, LatLngBoundsExpression, Map as LeafletMap } from "leaflet";
import { useEffect } from "react";
import { useMap } from "react-leaflet";

/** Room kept between the bounds and the map's edge or a control, in pixels. */
const MARGIN = 6;

const viewOf = (map: LeafletMap) => {
  const { lat, lng } = map.getCenter();
  return `${map.getZoom()}:${lat.toFixed(6)}:${lng.toFixed(6)}`;
};

/**
 * Padding that keeps the bounds clear of the controls drawn over the map: the zoom buttons in the
 * top-left corner and the attribution along the bottom (three lines tall on a phone).
 */
function clearOfControls(container: HTMLElement): FitBoundsOptions {
  const frame = container.getBoundingClientRect();
  const zoom = container.querySelector(".leaflet-control-zoom")?.getBoundingClientRect();
  const attribution = container.querySelector(".leaflet-control-attribution")?.getBoundingClientRect();
  const left = zoom ? zoom.right - frame.left : 0;
  const bottom = attribution ? frame.bottom - attribution.top : 0;
  return {
    paddingTopLeft: [left + MARGIN, MARGIN],
    paddingBottomRight: [MARGIN, bottom + MARGIN],
    animate: false,
  };
}

/**
 * Shows all of `bounds` (the county) where nothing covers it, and again whenever the map's box or
 * its attribution changes size, until the user has moved the map. Leaflet fits the bounds once, to
 * the box it measures when the map is made, under its own controls, and does not notice the box
 * changing afterwards: on a phone the south of the county ended under the attribution.
 * Goes after the controls among the map's children, so they are in place when it measures.
 */
export function KeepBoundsInView({ bounds }: { bounds: LatLngBoundsExpression }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    const refit = () => {
      map.invalidateSize({ animate: false });
      map.fitBounds(bounds, clearOfControls(container));
      return viewOf(map);
    };
    let fitted = refit();
    const observer = new ResizeObserver(() => {
      // The user has zoomed or panned: keep their view, only tell Leaflet the box's new size.
      if (viewOf(map) !== fitted) map.invalidateSize({ animate: false });
      else fitted = refit();
    });
    observer.observe(container);
    const attribution = container.querySelector(".leaflet-control-attribution");
    if (attribution) observer.observe(attribution);
    return () => observer.disconnect();
  }, [map, bounds]);
  return null;
}
