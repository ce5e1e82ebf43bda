import { useCallback, useMemo, useState } from "react";
import { countyName } from "./geo/counties.ts";
import { useMunicipalities } from "./geo/useMunicipalities.ts";
import { IncidentList } from "./incidents/IncidentList.tsx";
import { ConnectionBanner } from "./layout/ConnectionBanner.tsx";
import { Header } from "./layout/Header.tsx";
import type { FocusRequest } from "./map/IncidentMarkers.tsx";
import { RegionalMap } from "./map/RegionalMap.tsx";
import { activeIncidents } from "./picture/pictureCache.ts";
import { useLiveFeed } from "./picture/useLiveFeed.ts";
import { useRegionalPicture } from "./picture/useRegionalPicture.ts";

/** One county's regional picture: map and list of ongoing incidents, kept live. */
export function CountyDashboard({ countyCode }: { countyCode: string }) {
  const name = countyName(countyCode);
  const picture = useRegionalPicture(countyCode);
  const connection = useLiveFeed(countyCode, picture.isSuccess);
  const municipalities = useMunicipalities(countyCode);
  const incidents = useMemo(() => activeIncidents(picture.data), [picture.data]);
  const [focus, setFocus] = useState<FocusRequest>();
  const showOnMap = useCallback(
    (incidentId: string) => setFocus((previous) => ({ incidentId, seq: (previous?.seq ?? 0) + 1 })),
    [],
  );

  return (
    <>
      <Header countyName={name} connection={connection} />
      <ConnectionBanner connection={connection} />
      <main className="county-dashboard">
        <RegionalMap
          countyName={name}
          municipalities={municipalities.shown}
          boundariesFailed={municipalities.status === "error"}
          onRetryBoundaries={() => void municipalities.refetch()}
          incidents={incidents}
          focus={focus}
        />
        <IncidentList
          incidents={incidents}
          municipalityNames={municipalities.nameByCode}
          status={picture.status}
          onRetry={() => void picture.refetch()}
          onShowOnMap={showOnMap}
        />
      </main>
    </>
  );
}
