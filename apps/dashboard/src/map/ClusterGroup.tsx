import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import { createElementObject, createLayerComponent, extendContext } from "@react-leaflet/core";
import type * as Leaflet from "leaflet";
import type { ReactNode } from "react";
// The plugin is a UMD script that extends the global `L` (leaflet's own build sets window.L, the
// same object react-leaflet uses). A bundler's ES namespace of leaflet is a copy taken before the
// plugin ran, so the plugin's additions are read from the global.
import "leaflet.markercluster";

const L = (globalThis as unknown as { L: typeof Leaflet }).L;

/**
 * A thin react-leaflet wrapper of Leaflet.markercluster: the react-leaflet markers inside it add
 * themselves to the cluster group instead of the map (it is their layer container).
 */
export const ClusterGroup = createLayerComponent<Leaflet.MarkerClusterGroup, { children?: ReactNode }>(
  (_props, context) => {
    const group = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      // Markers never move far: animation only costs frames with a thousand of them.
      animate: false,
      chunkedLoading: true,
    });
    return createElementObject(group, extendContext(context, { layerContainer: group }));
  },
);
