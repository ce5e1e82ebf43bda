import type { NationalCounts, NationalCounty } from "@krisstod/contracts";
import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useNationalPicture } from "../api/national.ts";
import { countyName } from "../geo/counties.ts";
import { organisationName } from "../geo/organisations.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";

/** A county whose link has been silent this long is marked: the hub hears from a live link every few seconds. */
const SILENT_AFTER_SECONDS = 30;

/**
 * MSB's national picture (#23): each county's counts (and its organisations') as they last reached
 * the national hub, with how old they are — the latest event and how long the hub has heard
 * nothing over the county's leaf link. Counts only; the hub never holds a name.
 */
export default function NationalScreen() {
  const { messages } = useI18n();
  const t = messages.national;
  const picture = useNationalPicture();
  const id = useId();
  const counties = picture.data?.counties ?? [];
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>{t.intro}</p>
      {picture.isError && <p role="alert">{errorText(picture.error, messages.work.problems)}</p>}
      <TableScroll labelledBy={id}>
        <table aria-labelledby={id} data-testid="national-counties">
          <caption id={id}>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.county}</th>
              <CountHeadings />
              <th scope="col">{t.lastEvent}</th>
              <th scope="col">{t.linkSilent}</th>
            </tr>
          </thead>
          <tbody>
            {counties.map((county) => (
              <CountyRow key={county.countyCode} county={county} />
            ))}
          </tbody>
          {picture.data && (
            <tfoot>
              <tr>
                <th scope="row">{t.total}</th>
                <Counts counts={picture.data.totals} />
                <td />
                <td />
              </tr>
            </tfoot>
          )}
        </table>
      </TableScroll>
      {counties
        .filter((county) => county.organisations.length > 0)
        .map((county) => (
          <CountyOrganisations key={county.countyCode} county={county} />
        ))}
    </main>
  );
}

function CountHeadings() {
  const t = useI18n().messages.national;
  return (
    <>
      <th scope="col">{t.incidentsOpen}</th>
      <th scope="col">{t.activationsUnderWay}</th>
      <th scope="col">{t.peopleAccepted}</th>
      <th scope="col">{t.centresOpen}</th>
      <th scope="col">{t.visitorsPresent}</th>
    </>
  );
}

function Counts({ counts }: { counts: NationalCounts }) {
  return (
    <>
      <td>{counts.incidentsOpen}</td>
      <td>{counts.activationsUnderWay}</td>
      <td>{counts.peopleAccepted}</td>
      <td>{counts.centresOpen}</td>
      <td>{counts.visitorsPresent}</td>
    </>
  );
}

function CountyRow({ county }: { county: NationalCounty }) {
  const t = useI18n().messages.national;
  const silent = county.linkSilentSeconds;
  const stale = silent !== null && silent >= SILENT_AFTER_SECONDS;
  return (
    <tr data-county={county.countyCode} className={stale ? "national--stale" : undefined}>
      <th scope="row">{countyName(county.countyCode)}</th>
      <Counts counts={county.totals} />
      <td>{county.lastEventAt ? <IncidentTime at={county.lastEventAt} /> : t.none}</td>
      <td data-testid="link-silent">
        {silent === null ? t.unknown : t.silentFor(silent)}
        {stale && <span className="national__stale"> ({t.stale})</span>}
      </td>
    </tr>
  );
}

function CountyOrganisations({ county }: { county: NationalCounty }) {
  const t = useI18n().messages.national;
  const { nameByCode } = useMunicipalities();
  const id = useId();
  const name = countyName(county.countyCode);
  return (
    <TableScroll labelledBy={id}>
      <table aria-labelledby={id}>
        <caption id={id}>{t.organisationsOf(name)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.organisation}</th>
            <CountHeadings />
          </tr>
        </thead>
        <tbody>
          {county.organisations.map((o) => (
            <tr key={o.organisationId}>
              <th scope="row">{organisationName(o.organisationId, nameByCode)}</th>
              <Counts counts={o} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
