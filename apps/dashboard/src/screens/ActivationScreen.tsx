import { type Activation, DecideActivationBody, type RosterGroup } from "@krisstod/contracts";
import { useEffect, useMemo, useState } from "react";
import { FormProvider } from "react-hook-form";
import { ActionChecklist } from "../activation/ActionChecklist.tsx";
import { CallOutBoard } from "../activation/CallOutBoard.tsx";
import { CrisisManagementBriefing } from "../activation/CrisisManagementBriefing.tsx";
import { useDecideActivation, useIncidentActivations, useMyDecisions } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { useIncidentsCalledAcrossBorder } from "../api/incidents.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { IncidentField } from "../forms/choices.tsx";
import { NumberField, SelectField, TextAreaField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
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
      {incidentId && ours.some((a) => a.status !== "closed") && (
        <ActionChecklist user={user} incidentId={incidentId} />
      )}
    </main>
  );
}

/** Support persons are the ledningsgrupp's own decision, linked to its activation. */
function parentActivation(activations: readonly Activation[], group: RosterGroup): string | undefined {
  if (group !== "support-persons") return undefined;
  return activations.find((a) => a.group === "management")?.id;
}

interface DecideValues {
  incidentId: string;
  group: RosterGroup;
  reason: string;
  needed: number;
  /** The optional texts: left empty, not sent. */
  meetingPlace: string;
  consultedWith: string;
  chiefUnreachable: string;
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
  // The groups offered change (support persons once the ledningsgrupp is activated).
  const groupOf = (chosen: RosterGroup) => (groups.includes(chosen) ? chosen : (groups[0] ?? "management"));
  const form = useContractForm({
    schema: DecideActivationBody,
    toBody: ({ group: chosen, meetingPlace, consultedWith, chiefUnreachable, ...values }: DecideValues) => {
      const group = groupOf(chosen);
      const parentActivationId = parentOf(group);
      const given = (text: string) => text.trim() !== "";
      return {
        ...values,
        group,
        ...(parentActivationId ? { parentActivationId } : {}),
        ...(given(meetingPlace) ? { meetingPlace } : {}),
        ...(group !== "management" && given(consultedWith) ? { consultedWith } : {}),
        // A stand-in (TiB, stabschef) says how the one it stands in for was tried, in any group.
        ...(given(chiefUnreachable) ? { chiefUnreachable } : {}),
      };
    },
    defaultValues: {
      incidentId: incidentId ?? "",
      group: groups[0] ?? "management",
      reason: "",
      needed: 3,
      meetingPlace: "",
      consultedWith: "",
      chiefUnreachable: "",
    },
    mode: "onTouched",
  });
  const group = groupOf(form.watch("group"));
  // The incident is the screen's too (its boards below): a change there is the form's.
  const { setValue } = form;
  useEffect(() => {
    if (incidentId) setValue("incidentId", incidentId);
  }, [incidentId, setValue]);
  const submit = form.handleSubmit((body) => {
    if (groups.length === 0) return;
    decide.mutate(body, {
      // Cleared for the next decision (the group's board shows this one).
      onSuccess: () =>
        form.reset({
          ...form.getValues(),
          reason: "",
          needed: 3,
          meetingPlace: "",
          consultedWith: "",
          chiefUnreachable: "",
        }),
      onError: form.showRefusal,
    });
  });

  return (
    <FormProvider {...form}>
      <form className="form" onSubmit={submit} aria-label={messages.activation.decideHeading} noValidate>
        <h3>{messages.activation.decideHeading}</h3>
        <IncidentField incidents={incidents} onChange={onIncident} />
        {groups.length === 0 ? (
          <p className="hint">{messages.work.activations.waitForManagement}</p>
        ) : (
          <SelectField
            name="group"
            label={messages.activation.group}
            choices={groups.map((g) => ({ value: g, label: messages.activation.groups[g] }))}
          />
        )}
        <TextAreaField
          name="reason"
          label={messages.activation.reason}
          hint={messages.activation.reasonHint}
          invalidText={messages.activation.reasonHint}
          rows={2}
        />
        <NumberField name="needed" label={messages.activation.needed} min={1} max={500} />
        <TextField
          name="meetingPlace"
          label={messages.activation.meetingPlaceInput}
          hint={messages.activation.meetingPlaceHint}
          maxLength={500}
        />
        {group !== "management" && (
          <TextField
            name="consultedWith"
            label={messages.activation.consultedWith}
            hint={messages.activation.consultedWithHint[group]}
            maxLength={200}
          />
        )}
        <TextField
          name="chiefUnreachable"
          label={messages.activation.chiefUnreachable}
          hint={messages.activation.chiefUnreachableHint}
          maxLength={500}
        />
        <button type="submit" disabled={decide.isPending || groups.length === 0}>
          {decide.isPending ? messages.activation.deciding : messages.activation.decide}
        </button>
        {decide.isError && (
          <p role="alert">{messages.activation.refused(errorText(decide.error, messages.work.problems))}</p>
        )}
      </form>
    </FormProvider>
  );
}
