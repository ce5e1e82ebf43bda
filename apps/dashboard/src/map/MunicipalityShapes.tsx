import { Polygon, Tooltip } from "react-leaflet";
import type { Municipality } from "../geo/municipalities.ts";

const boundaryStyle = { color: "#1f4e79", weight: 1.5, fillColor: "#dbe7f3", fillOpacity: 0.6 };

/** Municipality boundaries with their names as permanent labels, at a point inside each. */
export function MunicipalityShapes({ municipalities }: { municipalities: readonly Municipality[] }) {
  return municipalities.map((municipality) => (
    <Polygon key={municipality.code} positions={municipality.polygons} pathOptions={boundaryStyle}>
      <Tooltip permanent direction="center" position={municipality.labelPoint} className="municipality-label">
        {municipality.name}
      </Tooltip>
    </Polygon>
  ));
}
