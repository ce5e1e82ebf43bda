import "leaflet/dist/leaflet.css";
import { useCallback, useMemo, useState } from "react";
import { countyName } from "../geo/counties.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { IncidentList } from "../incidents/IncidentList.tsx";
import type { FocusRequest } from "../map/IncidentMarkers.tsx";
import { RegionalMap } from "../map/RegionalMap.tsx";
import { CentreTable } from "../overview/CentreTable.tsx";
import { ReadinessTable } from "../overview/ReadinessTable.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * One county's regional picture: map and list of ongoing incidents, open support centres with
 * occupancy, every municipality's readiness and situation reports. Kept live by the shell's feed.
 */
export default function OverviewScreen({ countyCode }: { countyCode: string }) {
  const name = countyName(countyCode);
  const picture = useRegionalPicture(countyCode);
  const municipalities = useMunicipalities(countyCode);
  const incidents = useMemo(() => activeIncidents(picture.data), [picture.data]);
  const [focus, setFocus] = useState<FocusRequest>();
  const showOnMap = useCallback(
    (incidentId: string) => setFocus((previous) => ({ incidentId, seq: (previous?.seq ?? 0) + 1 })),
    [],
  );

  return (
    <main className="county-dashboard">
      <RegionalMap
        countyName={name}
        municipalities={municipalities.shown}
        boundariesFailed={municipalities.status === "error"}
        onRetryBoundaries={() => void municipalities.refetch()}
        incidents={incidents}
        centres={picture.data?.supportCentres ?? []}
        focus={focus}
      />
      <div className="county-dashboard__side">
        <IncidentList
          incidents={incidents}
          municipalityNames={municipalities.nameByCode}
          status={picture.status}
          onRetry={() => void picture.refetch()}
          onShowOnMap={showOnMap}
        />
        <CentreTable centres={picture.data?.supportCentres ?? []} incidents={picture.data?.incidents ?? []} />
        <ReadinessTable
          readiness={picture.data?.readiness ?? []}
          reports={picture.data?.situationReports ?? []}
          municipalityNames={municipalities.nameByCode}
        />
      </div>
    </main>
  );
}
