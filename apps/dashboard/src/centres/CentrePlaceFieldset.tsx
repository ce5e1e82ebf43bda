import type { Location } from "@krisstod/contracts";
import { useId } from "react";
import { useController } from "react-hook-form";
import { FieldMessage, useFieldMessage } from "../forms/fields.tsx";
import type { LatLon } from "../geo/municipalities.ts";
import { nearestTown } from "../geo/places.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useTowns } from "../geo/useTowns.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { LocationPicker } from "../incidents/LocationPicker.tsx";

const round = (value: number) => Math.round(value * 1e5) / 1e5;

/**
 * Where a support centre (or prepared premises) is: a town searched by name or a point clicked on
 * the map, held as the form's `location` (the contracts' Location). A searched place keeps its
 * name; a clicked point is described by the nearest town. A missing place, or one the service
 * refuses (too close to the scene), is said inside the fieldset.
 */
export function CentrePlaceFieldset({ legend, countyCode }: { legend: string; countyCode: string }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const { field } = useController({ name: "location" });
  const location = field.value as Location | undefined;
  const error = useFieldMessage("location", messages.forms.choosePlace);
  const municipalities = useMunicipalities(countyCode).shown;
  const towns = useTowns().all;
  const ids = { hint: useId(), error: useId() };
  const pick = ([lat, lon]: LatLon, placeName?: string) => {
    const town = placeName ? undefined : nearestTown(towns ?? [], [lat, lon]);
    const address = placeName ?? (town ? messages.map.near(town.name) : undefined);
    field.onChange({ lat: round(lat), lon: round(lon), ...(address ? { address } : {}) });
  };
  return (
    <fieldset>
      <legend>{legend}</legend>
      <p id={ids.hint} className="hint">
        {t.locationHint}
      </p>
      {municipalities && (
        <LocationPicker
          municipalities={municipalities}
          point={location && [location.lat, location.lon]}
          onPick={pick}
          describedBy={error ? `${ids.hint} ${ids.error}` : ids.hint}
        />
      )}
      {location?.address && <p>{t.chosenAddress(location.address)}</p>}
      <FieldMessage id={ids.error} text={error} />
    </fieldset>
  );
}
