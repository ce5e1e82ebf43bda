import type { Activation, RosterGroup } from "@krisstod/contracts";
import { type FormEvent, useId, useMemo, useState } from "react";
import { CallOutBoard } from "../activation/CallOutBoard.tsx";
import { CrisisManagementBriefing } from "../activation/CrisisManagementBriefing.tsx";
import { useDecideActivation, useIncidentActivations, useMyDecisions } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { useIncidentsCalledAcrossBorder } from "../api/incidents.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * A POSOM lead's (or an authorised activator's) screen: activate a group for one of the
 * organisation's ongoing incidents, then follow the call-out as the answers arrive.
 */
export default function ActivationScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const picture = useRegionalPicture(user.countyCode);
  const municipalityCode = user.organisationId.startsWith("kommun-")
    ? user.organisationId.slice(7)
    : undefined;
  // Another county's incident the group was called to as a neighbour's fallback (Båstad for Laholm).
  const acrossBorder = useIncidentsCalledAcrossBorder(user.countyCode);
  const incidents = useMemo(
    () => [
      ...activeIncidents(picture.data)
        .filter(
          (incident) =>
            incident.organisationId === user.organisationId ||
            (municipalityCode !== undefined && incident.affectedMunicipalities.includes(municipalityCode)) ||
            user.organisationId.startsWith("region-"),
        )
        .map((incident) => ({
          id: incident.id,
          title: incident.title,
          crisisManagementActivated: incident.crisisManagementActivated ?? false,
        })),
      ...(acrossBorder.data ?? []).map((incident) => ({
        id: incident.id,
        title: messages.activation.calledAcrossBorder(incident.title),
        crisisManagementActivated: false,
      })),
    ],
    [picture.data, acrossBorder.data, user.organisationId, municipalityCode, messages],
  );
  const [chosen, setChosen] = useState<string>();
  // Who may decide is the roster's answer (an authorised function), not only the role.
  const decisions = useMyDecisions();
  const incidentId = chosen ?? incidents[0]?.id;
  const underCrisisManagement =
    incidents.find((incident) => incident.id === incidentId)?.crisisManagementActivated === true;
  const activations = useIncidentActivations(incidentId, picture.data);
  const ours = (activations.data ?? []).filter(
    (activation) => activation.organisationId === user.organisationId || activation.fallbackForActivationId,
  );

  return (
    <main className="screen">
      <h2>{messages.activation.heading}</h2>
      {!may(user, "activation.decide") || (decisions.isSuccess && decisions.data.groups.length === 0) ? (
        <p>{messages.work.activations.cannotDecide}</p>
      ) : !decisions.isSuccess ? null : incidents.length === 0 ? (
        <p>{messages.activation.noIncidents}</p>
      ) : (
        <DecideForm
          incidents={incidents.map((i) => ({ id: i.id, title: i.title }))}
          incidentId={incidentId}
          onIncident={setChosen}
          groups={decisions.data.groups.filter(
            // Support persons are the activated ledningsgrupp's decision: offered once it is activated.
            (group) =>
              group !== "support-persons" ||
              ours.some((a) => a.group === "management" && a.status !== "closed"),
          )}
          parentOf={(group) => parentActivation(ours, group)}
        />
      )}
      {incidentId && underCrisisManagement && may(user, "crisis-management.briefing") && (
        <CrisisManagementBriefing incidentId={incidentId} picture={picture.data} />
      )}
      <section aria-label={messages.activation.boardHeading} className="boards">
        {incidentId && ours.length === 0 && activations.isSuccess && (
          <p>{messages.activation.noActivation}</p>
        )}
        {ours.map((activation) => (
          <CallOutBoard key={activation.id} activation={activation} picture={picture.data} />
        ))}
      </section>
    </main>
  );
}

/** Support persons are the ledningsgrupp's own decision, linked to its activation. */
function parentActivation(activations: readonly Activation[], group: RosterGroup): string | undefined {
  if (group !== "support-persons") return undefined;
  return activations.find((a) => a.group === "management")?.id;
}

function DecideForm({
  incidents,
  incidentId,
  onIncident,
  groups,
  parentOf,
}: {
  incidents: { id: string; title: string }[];
  incidentId: string | undefined;
  onIncident: (id: string) => void;
  groups: RosterGroup[];
  parentOf: (group: RosterGroup) => string | undefined;
}) {
  const { messages } = useI18n();
  const decide = useDecideActivation();
  const [chosenGroup, setGroup] = useState<RosterGroup>(groups[0] ?? "management");
  const group = groups.includes(chosenGroup) ? chosenGroup : (groups[0] ?? "management");
  const [reason, setReason] = useState("");
  const [needed, setNeeded] = useState("3");
  const [meetingPlace, setMeetingPlace] = useState("");
  const [consultedWith, setConsultedWith] = useState("");
  const [chiefUnreachable, setChiefUnreachable] = useState("");
  const [touched, setTouched] = useState(false);
  const ids = {
    incident: useId(),
    group: useId(),
    reason: useId(),
    reasonHint: useId(),
    needed: useId(),
    place: useId(),
    placeHint: useId(),
    consulted: useId(),
    consultedHint: useId(),
    chief: useId(),
    chiefHint: useId(),
  };
  const reasonInvalid = reason.trim().length < 3;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reasonInvalid || !incidentId || groups.length === 0) return;
    const parentActivationId = parentOf(group);
    decide.mutate(
      {
        incidentId,
        group,
        reason: reason.trim(),
        needed: Number(needed),
        ...(parentActivationId ? { parentActivationId } : {}),
        ...(meetingPlace.trim().length >= 2 ? { meetingPlace: meetingPlace.trim() } : {}),
        ...(group !== "management" && consultedWith.trim().length >= 2
          ? { consultedWith: consultedWith.trim() }
          : {}),
        ...(group === "pkl" && chiefUnreachable.trim().length >= 3
          ? { chiefUnreachable: chiefUnreachable.trim() }
          : {}),
      },
      {
        // Cleared for the next decision (the group's board shows this one).
        onSuccess: () => {
          setReason("");
          setNeeded("3");
          setMeetingPlace("");
          setConsultedWith("");
          setChiefUnreachable("");
          setTouched(false);
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-label={messages.activation.decideHeading} noValidate>
      <h3>{messages.activation.decideHeading}</h3>
      <label htmlFor={ids.incident}>{messages.activation.incident}</label>
      <select id={ids.incident} value={incidentId} onChange={(e) => onIncident(e.target.value)}>
        {incidents.map((incident) => (
          <option key={incident.id} value={incident.id}>
            {incident.title}
          </option>
        ))}
      </select>
      {groups.length === 0 ? (
        <p className="hint">{messages.work.activations.waitForManagement}</p>
      ) : (
        <>
          <label htmlFor={ids.group}>{messages.activation.group}</label>
          <select id={ids.group} value={group} onChange={(e) => setGroup(e.target.value as RosterGroup)}>
            {groups.map((g) => (
              <option key={g} value={g}>
                {messages.activation.groups[g]}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={ids.reason}>{messages.activation.reason}</label>
      <textarea
        id={ids.reason}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onBlur={() => setTouched(true)}
        aria-invalid={touched && reasonInvalid}
        aria-describedby={ids.reasonHint}
        rows={2}
      />
      <p id={ids.reasonHint} className={touched && reasonInvalid ? "field-error" : "hint"}>
        {messages.activation.reasonHint}
      </p>
      <label htmlFor={ids.needed}>{messages.activation.needed}</label>
      <input
        id={ids.needed}
        type="number"
        inputMode="numeric"
        min={1}
        max={500}
        value={needed}
        onChange={(e) => setNeeded(e.target.value)}
      />
      <label htmlFor={ids.place}>{messages.activation.meetingPlaceInput}</label>
      <input
        id={ids.place}
        value={meetingPlace}
        maxLength={500}
        onChange={(e) => setMeetingPlace(e.target.value)}
        aria-describedby={ids.placeHint}
      />
      <p id={ids.placeHint} className="hint">
        {messages.activation.meetingPlaceHint}
      </p>
      {group !== "management" && (
        <>
          <label htmlFor={ids.consulted}>{messages.activation.consultedWith}</label>
          <input
            id={ids.consulted}
            value={consultedWith}
            maxLength={200}
            onChange={(e) => setConsultedWith(e.target.value)}
            aria-describedby={ids.consultedHint}
          />
          <p id={ids.consultedHint} className="hint">
            {messages.activation.consultedWithHint[group]}
          </p>
        </>
      )}
      {group === "pkl" && (
        <>
          <label htmlFor={ids.chief}>{messages.activation.chiefUnreachable}</label>
          <input
            id={ids.chief}
            value={chiefUnreachable}
            maxLength={500}
            onChange={(e) => setChiefUnreachable(e.target.value)}
            aria-describedby={ids.chiefHint}
          />
          <p id={ids.chiefHint} className="hint">
            {messages.activation.chiefUnreachableHint}
          </p>
        </>
      )}
      <button type="submit" disabled={decide.isPending || groups.length === 0}>
        {decide.isPending ? messages.activation.deciding : messages.activation.decide}
      </button>
      {decide.isError && (
        <p role="alert">{messages.activation.refused(errorText(decide.error, messages.work.problems))}</p>
      )}
    </form>
  );
}
