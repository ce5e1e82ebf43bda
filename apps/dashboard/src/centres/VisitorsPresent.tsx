import type { Centre } from "@krisstod/contracts";
import { useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useRecordDeparture, useVisitorsPresent } from "../api/supportCentres.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import { ChildCare } from "./ChildCare.tsx";
import { ReferVisitor } from "./ReferVisitor.tsx";

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
  const [handedOver, setHandedOver] = useState<string>();
  const headingId = useId();
  const visitors = present.data ?? [];
  // Anonymous visitors are told apart by their place in the list.
  const labelOf = (visitor: (typeof visitors)[number], index: number) =>
    visitor.registration ? visitor.registration.name : `${t.anonymous} ${index + 1}`;
  const adults = visitors.filter((v) => !v.child && v.registration);
  return (
    <section aria-labelledby={headingId} className="visitors-present-panel">
      <h5 id={headingId}>{t.presentHeading(centre.name)}</h5>
      <DataTable
        labelledBy={headingId}
        className="visitors-present"
        columns={[t.name, t.arrived, t.relation, { hidden: t.actions }]}
        status={{ query: present, rows: visitors.length, empty: t.none, loading: t.loading }}
      >
        {visitors.map((visitor, index) => {
          const label = labelOf(visitor, index);
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
                {(visitor.referredTo ?? []).length > 0 &&
                  ` · ${t.referredTo((visitor.referredTo ?? []).map((d) => t.destinations[d]).join(", "))}`}
              </td>
              <td>
                {visitor.child ? (
                  <span className="hint">{visitor.unaccompanied ? t.unaccompanied : t.childByHandover}</span>
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
      </DataTable>
      {visitors.map((visitor, index) =>
        visitor.child ? (
          <ChildCare
            key={visitor.id}
            centre={centre}
            countyCode={countyCode}
            child={visitor}
            label={labelOf(visitor, index)}
            adults={adults}
            onHandedOver={setHandedOver}
          />
        ) : null,
      )}
      {visitors.length > 0 && (
        <ReferVisitor
          centreId={centre.id}
          visitors={visitors.map((visitor, index) => ({ visitor, label: labelOf(visitor, index) }))}
        />
      )}
      {handedOver && <p role="status">{t.handedOver(handedOver)}</p>}
      {departed && depart.isSuccess && <p role="status">{t.departed(departed)}</p>}
      {depart.isError && <p role="alert">{errorText(depart.error, messages.work.problems)}</p>}
    </section>
  );
}
