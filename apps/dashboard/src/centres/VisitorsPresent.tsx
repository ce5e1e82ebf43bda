import type { Centre } from "@krisstod/contracts";
import { useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useRecordDeparture, useVisitorsPresent } from "../api/supportCentres.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";

/**
 * Who of the organisation's visitors is still in the centre, with a button per adult to record
 * that they have left (a child leaves through a handover to a guardian instead).
 */
export function VisitorsPresent({ centre, countyCode }: { centre: Centre; countyCode: string }) {
  const { messages } = useI18n();
  const t = messages.work.visitors;
  const present = useVisitorsPresent(centre);
  const depart = useRecordDeparture(countyCode, centre.id);
  const [departed, setDeparted] = useState<string>();
  const headingId = useId();
  const visitors = present.data ?? [];
  return (
    <section aria-labelledby={headingId} className="visitors-present-panel">
      <h5 id={headingId}>{t.presentHeading(centre.name)}</h5>
      {present.isPending && <p>{t.loading}</p>}
      {present.isError && <p role="alert">{errorText(present.error, messages.work.problems)}</p>}
      {present.isSuccess && visitors.length === 0 && <p>{t.none}</p>}
      {visitors.length > 0 && (
        <TableScroll labelledBy={headingId}>
          <table className="visitors-present" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.arrived}</th>
                <th scope="col">{t.relation}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {visitors.map((visitor, index) => {
                // Anonymous visitors are told apart by their place in the list.
                const label = visitor.registration
                  ? visitor.registration.name
                  : `${t.anonymous} ${index + 1}`;
                return (
                  <tr key={visitor.id}>
                    <th scope="row">{label}</th>
                    <td>
                      <IncidentTime at={visitor.arrivedAt} />
                    </td>
                    <td>
                      {visitor.child
                        ? t.child
                        : visitor.registration
                          ? messages.centres.relations[visitor.registration.relation]
                          : ""}
                    </td>
                    <td>
                      {visitor.child ? (
                        <span className="hint">{t.childByHandover}</span>
                      ) : (
                        <button
                          type="button"
                          className="secondary inline"
                          disabled={depart.isPending}
                          onClick={() => depart.mutate(visitor.id, { onSuccess: () => setDeparted(label) })}
                        >
                          {t.depart(label)}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {departed && depart.isSuccess && <p role="status">{t.departed(departed)}</p>}
      {depart.isError && <p role="alert">{errorText(depart.error, messages.work.problems)}</p>}
    </section>
  );
}
