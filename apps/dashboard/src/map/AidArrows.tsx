import { divIcon } from "leaflet";
import { Fragment } from "react";
import { Marker, Polyline, Tooltip } from "react-leaflet";
import type { LatLon } from "../geo/municipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { AidFlow } from "./mapState.ts";

/**
 * Mutual aid as arrows between municipalities: a line from the sending to the asking organisation,
 * an arrowhead at the asker, and the number of people on it. Drawn with Leaflet's own polyline and
 * a rotated div icon, so nothing is fetched.
 */
export function AidArrows({
  flows,
  pointOf,
  nameOf,
}: {
  flows: readonly AidFlow[];
  pointOf: (organisationId: string) => LatLon | undefined;
  nameOf: (organisationId: string) => string;
}) {
  const { messages } = useI18n();
  return flows.map((flow) => {
    const from = pointOf(flow.from);
    const to = pointOf(flow.to);
    if (!from || !to) return null;
    const label = messages.map.aidFlow(
      nameOf(flow.from),
      nameOf(flow.to),
      flow.people,
      messages.map.aidStages[flow.stage],
    );
    // The arrowhead sits a little short of the label point, pointing along the line (screen-space
    // angle: longitude shrinks by cos(latitude) in Web Mercator).
    const end: LatLon = [from[0] + (to[0] - from[0]) * 0.85, from[1] + (to[1] - from[1]) * 0.85];
    const angle =
      (Math.atan2(to[0] - from[0], (to[1] - from[1]) * Math.cos((to[0] * Math.PI) / 180)) * 180) / Math.PI;
    const mid: LatLon = [(from[0] + end[0]) / 2, (from[1] + end[1]) / 2];
    return (
      <Fragment key={`${flow.id}:${flow.people}:${flow.stage}:${label}`}>
        <Polyline
          positions={[from, end]}
          pathOptions={{
            color: "#8a3800",
            weight: flow.stage === "offered" ? 2 : 4,
            dashArray: flow.stage === "offered" ? "6 6" : undefined,
          }}
        >
          <Tooltip permanent direction="center" position={mid} className="aid-label">
            {label}
          </Tooltip>
        </Polyline>
        <Marker
          position={end}
          interactive={false}
          keyboard={false}
          icon={divIcon({
            className: "aid-arrowhead",
            iconSize: [18, 18],
            html: `<span class="aid-arrowhead__head" aria-hidden="true" style="transform: rotate(${-angle}deg)">➤</span>`,
          })}
        />
      </Fragment>
    );
  });
}
