import { type Centre, CreateCentreBody, type Location, type PictureIncident } from "@krisstod/contracts";
import { useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useAnswerPartnership,
  useCentres,
  useCentreTemplates,
  useChangeCentreStatus,
  useCreateCentre,
} from "../api/supportCentres.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import type { SignedInUser } from "../auth/session.ts";
import { AffectedInformation } from "../centres/AffectedInformation.tsx";
import { CentrePlaceFieldset } from "../centres/CentrePlaceFieldset.tsx";
import { CooperationPanel } from "../centres/CooperationPanel.tsx";
import { LanguageHelpPanel } from "../centres/LanguageHelpPanel.tsx";
import { LanguageNeedsPanel } from "../centres/LanguageNeedsPanel.tsx";
import { PreparedPremises } from "../centres/PreparedPremises.tsx";
import { ReunificationSearch } from "../centres/ReunificationSearch.tsx";
import { ShiftsPanel } from "../centres/ShiftsPanel.tsx";
import { VisitorForm } from "../centres/VisitorForm.tsx";
import { VisitorsPresent } from "../centres/VisitorsPresent.tsx";
import "../work.css";
import { IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { NumberField, SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { clockTime, shownCount } from "../picture/shownCount.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/** The organisation's support centres: create and open/close them (leads), register visitors (staff). */
export default function CentresScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.centres;
  const picture = useRegionalPicture(user.countyCode);
  const centres = useCentres(user.countyCode, picture.data);
  const incidents = useMemo(() => activeIncidents(picture.data), [picture.data]);
  const ours = (centres.data ?? []).filter(
    (c) => c.posomOrganisationId === user.organisationId || c.pklOrganisationId === user.organisationId,
  );
  const isLead = may(user, "centres.change-status");
  const listId = useId();

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {isLead && incidents.length > 0 && <CreateCentreForm user={user} incidents={incidents} />}
      <section aria-labelledby={listId} className="boards">
        <h3 id={listId}>{t.listHeading}</h3>
        {centres.isSuccess && ours.length === 0 && <p>{t.none}</p>}
        {centres.isError && <p role="alert">{t.failed(errorText(centres.error, messages.work.problems))}</p>}
        {ours.map((centre) => (
          <CentrePanel
            key={centre.id}
            centre={centre}
            user={user}
            isLead={isLead}
            incident={incidents.find((i) => i.id === centre.incidentId)}
          />
        ))}
      </section>
      {incidents.length > 0 && ours.some((c) => c.status !== "planned") && (
        <ReunificationSearch incidents={incidents} />
      )}
      {/* Laholm 3.2: the lead keeps suitable premises and equipment ready (templates.create/update). */}
      {isLead && may(user, "templates.update") && <PreparedPremises user={user} incidents={incidents} />}
    </main>
  );
}

function CentrePanel({
  centre,
  user,
  isLead,
  incident,
}: {
  centre: Centre;
  user: SignedInUser;
  isLead: boolean;
  incident: PictureIncident | undefined;
}) {
  const { messages } = useI18n();
  const t = messages.centres;
  const change = useChangeCentreStatus(user.countyCode);
  const headingId = useId();
  // The visitor registered last, when a language was recorded: staff may ask for language help.
  const [needsLanguage, setNeedsLanguage] = useState<{ visitorId: string; language: string }>();
  const [confirmingClose, setConfirmingClose] = useState(false);
  return (
    <section aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>
        {centre.name} · {t.statuses[centre.status]} · {messages.overview.operators[centre.operator]}
      </h4>
      <p aria-live="polite">
        {t.occupancy(shownCount(centre.counts.present, centre.countsSuppressed), centre.capacity)}
        {centre.countsSuppressed &&
          centre.countsAsOf &&
          ` · ${messages.overview.countsSince(clockTime(centre.countsAsOf))}`}
      </p>
      {centre.distanceFromIncidentMetres !== null && <p>{t.fromScene(centre.distanceFromIncidentMetres)}</p>}
      {centre.placementWarning && <p className="hint">{t.sceneUnknown}</p>}
      <Partnership centre={centre} user={user} />
      {isLead && centre.status === "planned" && (
        <button type="button" onClick={() => change.mutate({ id: centre.id, to: "open" })}>
          {t.open(centre.name)}
        </button>
      )}
      {isLead &&
        centre.status === "open" &&
        (confirmingClose ? (
          <div className="confirm">
            <p>{messages.work.visitors.confirmCloseCentre(centre.name)}</p>
            <button
              type="button"
              disabled={change.isPending}
              onClick={() =>
                change.mutate({ id: centre.id, to: "close" }, { onSuccess: () => setConfirmingClose(false) })
              }
            >
              {messages.work.visitors.confirmCloseCentreButton}
            </button>{" "}
            <button type="button" className="secondary" onClick={() => setConfirmingClose(false)}>
              {messages.work.visitors.cancel}
            </button>
          </div>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirmingClose(true)}>
            {t.close(centre.name)}
          </button>
        ))}
      {change.isError && <p role="alert">{t.failed(errorText(change.error, messages.work.problems))}</p>}
      {centre.status === "open" && <CooperationPanel centre={centre} user={user} />}
      {centre.status === "open" && <AffectedInformation centre={centre} incident={incident} />}
      {centre.status === "open" && (
        <VisitorForm
          centre={centre}
          countyCode={user.countyCode}
          onRegistered={(visitor, language) =>
            setNeedsLanguage(language ? { visitorId: visitor.id, language } : undefined)
          }
        />
      )}
      {centre.status === "open" && needsLanguage && (
        <LanguageHelpPanel
          centreId={centre.id}
          visitorId={needsLanguage.visitorId}
          language={needsLanguage.language}
        />
      )}
      {centre.status === "open" && may(user, "visitors.list") && (
        <VisitorsPresent centre={centre} countyCode={user.countyCode} />
      )}
      {centre.status === "open" && <LanguageNeedsPanel centreId={centre.id} />}
      <ShiftsPanel centre={centre} user={user} />
    </section>
  );
}

/**
 * A joint centre's co-operator and its answer. The co-operator's lead sees who asks and accepts or
 * declines (the centre opens only once accepted); everyone else sees the status.
 */
function Partnership({ centre, user }: { centre: Centre; user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const nameOf = useOrganisationNames();
  const answer = useAnswerPartnership(user.countyCode);
  const partnership = centre.partnership;
  if (!partnership) return null;
  const asked = partnership.organisationId === user.organisationId && partnership.status === "pending";
  if (!asked)
    return <p role="status">{t.partnership(nameOf(partnership.organisationId), partnership.status)}</p>;
  const requester = [centre.posomOrganisationId, centre.pklOrganisationId].find(
    (id) => id && id !== user.organisationId,
  );
  return (
    <div className="confirm">
      <p>{t.partnershipRequest(requester ? nameOf(requester) : "")}</p>
      {may(user, "centres.partnership") && (
        <>
          <button
            type="button"
            disabled={answer.isPending}
            onClick={() => answer.mutate({ id: centre.id, answer: "accept" })}
          >
            {t.acceptPartnership(centre.name)}
          </button>{" "}
          <button
            type="button"
            className="secondary"
            disabled={answer.isPending}
            onClick={() => answer.mutate({ id: centre.id, answer: "decline" })}
          >
            {t.declinePartnership(centre.name)}
          </button>
        </>
      )}
      {answer.isError && <p role="alert">{t.failed(errorText(answer.error, messages.work.problems))}</p>}
    </div>
  );
}

interface CentreValues {
  incidentId: string;
  /** Prepared premises the form was filled from ("" for none); not sent. */
  placeId: string;
  name: string;
  location: Location | undefined;
  capacity: number;
  /** The other side the centre is run with ("" for none): the region's PKL, or a municipality's POSOM. */
  partnerId: string;
}

function CreateCentreForm({ user, incidents }: { user: SignedInUser; incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const create = useCreateCentre(user.countyCode);
  const isRegion = user.organisationId.startsWith("region-");
  // Premises the organisation prepared in advance (Laholm 3.2: "lämpliga lokaler och utrustning").
  const prepared = useCentreTemplates(user.organisationId).data ?? [];
  const nameOf = useOrganisationNames();
  const fresh = (incident: PictureIncident | undefined): CentreValues => ({
    incidentId: incident?.id ?? "",
    placeId: "",
    name: "",
    location: suggestedLocation(incident),
    capacity: 50,
    partnerId: "",
  });
  const form = useContractForm({
    schema: CreateCentreBody,
    toBody: ({ placeId: _, partnerId, ...values }: CentreValues): CreateCentreBody => ({
      ...values,
      // A place not chosen yet goes to the contract as missing, which names the field.
      location: values.location as Location,
      // Joint with the partner named (Halland: "kan öppnas gemensamt av POSOM och PKL"); it opens
      // once the partner accepted.
      operator: partnerId ? "joint" : isRegion ? "pkl" : "posom",
      ...(isRegion
        ? { pklOrganisationId: user.organisationId, ...(partnerId ? { posomOrganisationId: partnerId } : {}) }
        : {
            posomOrganisationId: user.organisationId,
            ...(partnerId ? { pklOrganisationId: partnerId } : {}),
          }),
      functions: ["information-referral", "crisis-support-follow-up", "coordination-referral"],
    }),
    defaultValues: fresh(incidents[0]),
  });
  const place = prepared.find((p) => p.id === form.watch("placeId"));
  // Who the centre can be run with: for a municipality its region's PKL; for the region the
  // POSOM of a municipality the incident affects.
  const incident = incidents.find((i) => i.id === form.watch("incidentId"));
  const partners = isRegion
    ? (incident?.affectedMunicipalities ?? []).map((code) => `kommun-${code}`)
    : [`region-${user.countyCode}`];
  const choosePlace = (id: string) => {
    const chosen = prepared.find((p) => p.id === id);
    if (!chosen) return;
    form.setValue("name", chosen.name);
    form.setValue("location", chosen.location);
    form.setValue("capacity", chosen.capacity);
  };
  const chooseIncident = (id: string) =>
    form.setValue("location", suggestedLocation(incidents.find((i) => i.id === id)));

  const submit = form.handleSubmit((body) =>
    create.mutate(body, {
      // Cleared for the next centre: its place back to the suggestion beside the incident.
      onSuccess: () => form.reset(fresh(incidents.find((i) => i.id === body.incidentId))),
      onError: form.showRefusal,
    }),
  );

  return (
    <FormFrame form={form} onSubmit={submit} heading={t.createHeading}>
      <IncidentField incidents={incidents} onChange={chooseIncident} />
      {prepared.length > 0 && (
        <>
          <SelectField
            name="placeId"
            label={t.preparedPlace}
            choices={[
              { value: "", label: t.noPreparedPlace },
              ...prepared.map((p) => ({ value: p.id, label: p.name })),
            ]}
            onChange={choosePlace}
          />
          {place && (place.equipment ?? []).length > 0 && (
            <p>{t.equipmentThere((place.equipment ?? []).join(", "))}</p>
          )}
        </>
      )}
      <TextField name="name" label={t.name} hint={t.nameHint} />
      <CentrePlaceFieldset legend={t.location} countyCode={user.countyCode} />
      <NumberField name="capacity" label={t.capacity} min={1} />
      <SelectField
        name="partnerId"
        label={t.jointWith}
        choices={[
          { value: "", label: t.notJoint },
          ...partners.map((id) => ({ value: id, label: nameOf(id) })),
        ]}
      />
      <button type="submit" disabled={create.isPending}>
        {t.create}
      </button>
      {create.isError && <p role="alert">{t.failed(errorText(create.error, messages.work.problems))}</p>}
    </FormFrame>
  );
}

/** About 1 km north of the scene: near, not at it (the service refuses a centre at the scene). */
function suggestedLocation(incident: PictureIncident | undefined): Location | undefined {
  return incident
    ? { lat: Math.round((incident.location.lat + 0.01) * 1e4) / 1e4, lon: incident.location.lon }
    : undefined;
}
