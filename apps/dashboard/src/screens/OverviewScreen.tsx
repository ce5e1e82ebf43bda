import "leaflet/dist/leaflet.css";
import { useCallback, useMemo, useState } from "react";
import { countyName } from "../geo/counties.ts";
import type { LatLon } from "../geo/municipalities.ts";
import { organisationName } from "../geo/organisations.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { IncidentList } from "../incidents/IncidentList.tsx";
import type { FocusRequest } from "../map/IncidentMarkers.tsx";
import { aidFlows, municipalityStates } from "../map/mapState.ts";
import { RegionalMap } from "../map/RegionalMap.tsx";
import { AlarmRoutes } from "../overview/AlarmRoutes.tsx";
import { CentreTable } from "../overview/CentreTable.tsx";
import { allLayers, type MapFilters, MapSideList } from "../overview/MapSideList.tsx";
import { ReadinessTable } from "../overview/ReadinessTable.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

const codeOf = (organisationId: string) =>
  organisationId.startsWith("kommun-") ? organisationId.slice(7) : undefined;

/**
 * One county's regional picture: map and list of ongoing incidents, open support centres with
 * occupancy, municipalities coloured by state, mutual aid as arrows, every municipality's
 * readiness and situation reports; filters apply to the map and the lists alike. Kept live by the
 * shell's feed.
 */
export default function OverviewScreen({ countyCode }: { countyCode: string }) {
  const name = countyName(countyCode);
  const picture = useRegionalPicture(countyCode);
  const municipalities = useMunicipalities(countyCode);
  const [filters, setFilters] = useState<MapFilters>(allLayers);
  const [focus, setFocus] = useState<FocusRequest>();
  const showOnMap = useCallback(
    (incidentId: string) => setFocus((previous) => ({ incidentId, seq: (previous?.seq ?? 0) + 1 })),
    [],
  );
  const inFilter = useCallback(
    (codes: readonly (string | undefined)[]) =>
      filters.municipality === "" || codes.includes(filters.municipality),
    [filters.municipality],
  );
  const incidents = useMemo(
    () => activeIncidents(picture.data).filter((i) => inFilter(i.affectedMunicipalities)),
    [picture.data, inFilter],
  );
  const centres = useMemo(() => {
    const affected = new Map((picture.data?.incidents ?? []).map((i) => [i.id, i.affectedMunicipalities]));
    return (picture.data?.supportCentres ?? []).filter((c) =>
      inFilter([...(affected.get(c.incidentId) ?? []), ...c.operatorOrganisationIds.map(codeOf)]),
    );
  }, [picture.data, inFilter]);
  const states = useMemo(() => municipalityStates(picture.data), [picture.data]);
  const flows = useMemo(
    () => aidFlows(picture.data?.mutualAid).filter((f) => inFilter([codeOf(f.from), codeOf(f.to)])),
    [picture.data, inFilter],
  );
  const { all, nameByCode } = municipalities;
  const pointOf = useCallback(
    (organisationId: string): LatLon | undefined => {
      const code = codeOf(organisationId);
      return code ? all?.find((m) => m.code === code)?.labelPoint : undefined;
    },
    [all],
  );
  const nameOf = useCallback((id: string) => organisationName(id, nameByCode), [nameByCode]);

  return (
    <main className="county-dashboard">
      <RegionalMap
        countyName={name}
        municipalities={municipalities.shown}
        boundariesFailed={municipalities.status === "error"}
        onRetryBoundaries={() => void municipalities.refetch()}
        incidents={filters.incidents ? incidents : []}
        centres={filters.centres ? centres : []}
        focus={focus}
        states={states}
        flows={filters.aid ? flows : []}
        pointOf={pointOf}
        nameOf={nameOf}
      />
      <div className="county-dashboard__side">
        <MapSideList
          filters={filters}
          onFilters={setFilters}
          municipalities={municipalities.shown ?? []}
          states={states}
          flows={flows}
          nameOf={nameOf}
        />
        {filters.incidents && (
          <IncidentList
            incidents={incidents}
            municipalityNames={nameByCode}
            status={picture.status}
            onRetry={() => void picture.refetch()}
            onShowOnMap={showOnMap}
          />
        )}
        {filters.centres && <CentreTable centres={centres} incidents={picture.data?.incidents ?? []} />}
        <ReadinessTable
          readiness={picture.data?.readiness ?? []}
          reports={picture.data?.situationReports ?? []}
          municipalityNames={nameByCode}
        />
        <AlarmRoutes countyCode={countyCode} municipality={filters.municipality} />
      </div>
    </main>
  );
}
