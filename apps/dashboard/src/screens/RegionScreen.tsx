import {
  type Centre,
  type CentreTemplate,
  PhoneContactBody,
  type PictureIncident,
} from "@krisstod/contracts";
import { useId, useMemo, useState } from "react";
import { Link } from "wouter";
import { errorText } from "../api/errors.ts";
import {
  useCentres,
  useCentreTemplates,
  useChangeCentreStatus,
  useCreateCentre,
  useLogPhoneContact,
} from "../api/supportCentres.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { personnummerChecks } from "../centres/VisitorForm.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentPicker } from "../layout/IncidentPicker.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { aidFlows } from "../map/mapState.ts";
import { TibInbox } from "../mutual-aid/RegionContact.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { clockTime, shownCount } from "../picture/shownCount.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import { paths } from "../routes.ts";

/**
 * Region Halland's TIB and PKL lead: the joint POSOM/PKL status of every ongoing incident, PKL's
 * activation, its support centres at the default places (hospitals), and the relatives' line.
 */
export default function RegionScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.region;
  const picture = useRegionalPicture(user.countyCode);
  const incidents = useMemo(() => activeIncidents(picture.data), [picture.data]);
  const [chosen, setChosen] = useState<string>();
  const incidentId = chosen ?? incidents[0]?.id;
  const incident = incidents.find((i) => i.id === incidentId);
  const centres = useCentres(user.countyCode, picture.data);
  const ours = (centres.data ?? []).filter((c) => c.pklOrganisationId === user.organisationId);
  // The support-centres policy lets PKL's people log calls, not the TIB (who opens the centres).
  const answersLine = hasRole(user, "pkl-lead", "ledningsgrupp", "centre-staff", "support-person");

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <JointStatus incidents={incidents} />
      <TibInbox picture={picture.data} />
      {incident ? (
        <>
          <IncidentPicker incidents={incidents} value={incidentId} onChange={setChosen} />
          <p>
            <Link href={paths.activation}>{t.activatePkl}</Link>
          </p>
          <PklPlaces user={user} incident={incident} centres={ours} />
          {answersLine &&
            ours
              .filter((c) => c.status === "open" && c.incidentId === incident.id)
              .map((centre) => <RelativesLine key={centre.id} user={user} centre={centre} />)}
        </>
      ) : (
        <p>{messages.incidents.empty}</p>
      )}
    </main>
  );
}

/** Per incident: which POSOM groups and PKL are activated, and the centres open, from the picture. */
function JointStatus({ incidents }: { incidents: PictureIncident[] }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.region;
  const picture = useRegionalPicture(user.countyCode);
  const nameOf = useOrganisationNames();
  const id = useId();
  const activations = (picture.data?.activations ?? []).filter((a) => a.status !== "closed");
  const centres = (picture.data?.supportCentres ?? []).filter((c) => c.status === "open");
  const aid = picture.data?.mutualAid ?? [];
  const short = (organisationId: string) => nameOf(organisationId).replace(/s kommun$/, "");
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.jointHeading}</h3>
      {incidents.length === 0 ? (
        <p>{messages.incidents.empty}</p>
      ) : (
        <TableScroll labelledBy={id}>
          <table aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">{messages.activation.incident}</th>
                <th scope="col">{t.posom}</th>
                <th scope="col">{t.pkl}</th>
                <th scope="col">{messages.map.layerNames.aid}</th>
                <th scope="col">{messages.overview.centresHeading}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => {
                const here = activations.filter((a) => a.incidentId === incident.id);
                const posom = here.filter((a) => a.group !== "pkl");
                const pkl = here.filter((a) => a.group === "pkl");
                const open = centres.filter((c) => c.incidentId === incident.id);
                // PKL works through its centres too: one open without a recorded activation is not "not activated".
                const pklCentres = open.filter((c) => c.operator !== "posom");
                const flows = aidFlows(aid.filter((a) => a.incidentId === incident.id));
                return (
                  <tr key={incident.id}>
                    <th scope="row">{incident.title}</th>
                    <td>
                      {posom.length === 0
                        ? t.notActivated
                        : posom
                            .map(
                              (a) =>
                                `${nameOf(a.organisationId)}: ${messages.activation.groups[a.group]} (${messages.activation.statuses[a.status]}, ${t.accepted(a.counts.accepted)})`,
                            )
                            .join("; ")}
                    </td>
                    <td>
                      {pkl.length > 0
                        ? pkl
                            .map(
                              (a) =>
                                `${messages.activation.statuses[a.status]}, ${t.accepted(a.counts.accepted)}`,
                            )
                            .join("; ")
                        : pklCentres.length > 0
                          ? t.pklCentresOpen(pklCentres.length)
                          : t.notActivated}
                    </td>
                    <td>
                      {flows.length === 0
                        ? "–"
                        : flows
                            .map((f) =>
                              messages.map.aidFlow(
                                short(f.from),
                                short(f.to),
                                f.people,
                                messages.map.aidStages[f.stage],
                              ),
                            )
                            .join("; ")}
                    </td>
                    <td>
                      {open.length === 0
                        ? "–"
                        : open
                            .map(
                              (c) =>
                                `${c.name} (${messages.overview.operators[c.operator]}, ${shownCount(c.counts.present)}${c.countsAsOf ? `, ${messages.overview.countsSince(clockTime(c.countsAsOf))}` : ""})`,
                            )
                            .join("; ")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** PKL's default places: one click opens a PKL support centre there for the chosen incident. */
function PklPlaces({
  user,
  incident,
  centres,
}: {
  user: SignedInUser;
  incident: PictureIncident;
  centres: Centre[];
}) {
  const { messages } = useI18n();
  const t = messages.region;
  const templates = useCentreTemplates(user.organisationId);
  const create = useCreateCentre(user.countyCode);
  const change = useChangeCentreStatus(user.countyCode);
  const id = useId();
  const openAt = async (template: CentreTemplate) => {
    const centre = await create.mutateAsync({
      incidentId: incident.id,
      operator: "pkl",
      pklOrganisationId: user.organisationId,
      name: template.name,
      location: template.location,
      functions: template.functions,
      capacity: template.capacity,
    });
    await change.mutateAsync({ id: centre.id, to: "open" });
  };
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.placesHeading}</h3>
      {templates.isError && <p role="alert">{errorText(templates.error, messages.work.problems)}</p>}
      <ul className="places">
        {(templates.data ?? []).map((template) => {
          const existing = centres.find((c) => c.incidentId === incident.id && c.name === template.name);
          return (
            <li key={template.id}>
              <strong>{template.name}</strong>
              {existing ? (
                <span>
                  {" "}
                  · {messages.centres.statuses[existing.status]} ·{" "}
                  {messages.centres.occupancy(
                    shownCount(existing.counts.present, existing.countsSuppressed),
                    existing.capacity,
                  )}
                  {existing.status === "open" && (
                    <>
                      {" "}
                      <button
                        type="button"
                        className="inline secondary"
                        onClick={() => change.mutate({ id: existing.id, to: "close" })}
                      >
                        {messages.centres.close(existing.name)}
                      </button>
                    </>
                  )}
                </span>
              ) : (
                <>
                  {" "}
                  <button
                    type="button"
                    className="inline"
                    disabled={create.isPending || change.isPending}
                    onClick={() => void openAt(template).catch(() => {})}
                  >
                    {t.openAt(template.name)}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {(create.isError || change.isError) && (
        <p role="alert">
          {messages.centres.failed(errorText(create.error ?? change.error, messages.work.problems))}
        </p>
      )}
    </section>
  );
}

/**
 * The telephone line for relatives at a PKL centre: each call logged as a contact. PKL registers
 * every caller (name and personnummer or date of birth); the form is emptied after each call.
 */
interface CallerValues {
  registration: {
    name: string;
    personnummer: string;
    dateOfBirth: string;
    phone: string;
    lookingFor: string;
  };
}

function RelativesLine({ user, centre }: { user: SignedInUser; centre: Centre }) {
  const { messages } = useI18n();
  const t = messages.region;
  const c = messages.centres;
  const log = useLogPhoneContact(user.countyCode, centre.id);
  const [done, setDone] = useState(false);
  const blank: CallerValues = {
    registration: { name: "", personnummer: "", dateOfBirth: "", phone: "", lookingFor: "" },
  };
  const form = useContractForm({
    schema: PhoneContactBody,
    // What is left empty is not sent; a personnummer or a date of birth is needed (the contract).
    toBody: ({ registration: r }: CallerValues): PhoneContactBody => ({
      registration: {
        name: r.name,
        relation: "relative",
        ...(r.personnummer.trim() ? { personnummer: r.personnummer.trim() } : {}),
        ...(r.dateOfBirth ? { dateOfBirth: r.dateOfBirth } : {}),
        ...(r.phone.trim() ? { phone: r.phone.trim() } : {}),
        ...(r.lookingFor.trim() ? { lookingFor: r.lookingFor.trim() } : {}),
      },
    }),
    defaultValues: blank,
  });
  const submit = form.handleSubmit((body) => {
    setDone(false);
    const personnummer = body.registration?.personnummer;
    // The check digit is not the contract's rule: a typing error is caught here.
    if (personnummer && !personnummerChecks(personnummer)) {
      form.setError(
        "registration.personnummer",
        { type: "rule", message: c.personnummerInvalid },
        { shouldFocus: true },
      );
      return;
    }
    log.mutate(body, {
      onSuccess: () => {
        form.reset(blank);
        setDone(true);
      },
      onError: form.showRefusal,
    });
  });
  const calls = "phoneContacts" in centre.counts ? centre.counts.phoneContacts : undefined;
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.lineHeading(centre.name)}>
      <p aria-live="polite">{t.calls(calls ?? 0)}</p>
      <TextField name="registration.name" label={t.caller} autoComplete="off" />
      <TextField
        name="registration.personnummer"
        label={c.personnummer}
        inputMode="numeric"
        autoComplete="off"
        invalidText={(code) => (code === "custom" ? c.identityRequired : c.personnummerInvalid)}
      />
      <TextField name="registration.dateOfBirth" label={c.dateOfBirth} type="date" />
      <TextField name="registration.phone" label={c.phone} type="tel" autoComplete="off" />
      <TextField name="registration.lookingFor" label={t.lookingFor} autoComplete="off" />
      <button type="submit" disabled={log.isPending}>
        {t.logCall}
      </button>
      {done && <p role="status">{t.callLogged}</p>}
      {log.isError && <p role="alert">{c.failed(errorText(log.error, messages.work.problems))}</p>}
    </FormFrame>
  );
}
