import { type FullRegionalPicture, RecordNetworkMeetingBody } from "@krisstod/contracts";
import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useOrganisations } from "../api/mutualAid.ts";
import { useNetworkMeetings, useRecordNetworkMeeting } from "../api/roster.ts";
import type { SignedInUser } from "../auth/session.ts";
import { CheckboxGroup } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { stockholmToday } from "../work/workTime.ts";

interface MeetingValues {
  on: string;
  organisations: string[];
  note: string;
  guidelineReviewed: boolean;
}

/**
 * Halland: Länsstyrelsen "Planera och sammankalla till arbetsgruppens möten, två halvdagar per år";
 * "Nätverket träffas två gånger per år". The county board records a meeting held and who took part;
 * each of them has the network meeting recorded (their reminder goes). Everyone sees the meetings.
 */
export function NetworkMeetings({
  user,
  picture,
  mayRecord,
}: {
  user: SignedInUser;
  picture: FullRegionalPicture | undefined;
  mayRecord: boolean;
}) {
  const { messages } = useI18n();
  const t = messages.readiness;
  const meetings = useNetworkMeetings(user.countyCode, picture);
  const organisations = useOrganisations(user.countyCode);
  const nameOf = (id: string) => organisations.data?.find((o) => o.id === id)?.name ?? id;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t.networkHeading}</h3>
      {meetings.isError && <p role="alert">{errorText(meetings.error, messages.work.problems)}</p>}
      {meetings.isSuccess && meetings.data.length === 0 && <p>{t.networkNone}</p>}
      {(meetings.data ?? []).length > 0 && (
        <ul aria-labelledby={headingId}>
          {meetings.data?.map((m) => (
            <li key={m.id}>
              <IncidentTime at={`${m.on}T12:00:00Z`} dateOnly />: {m.organisations.map(nameOf).join(", ")}
              {m.note && ` – ${m.note}`}
              {m.guidelineReviewed && ` (${t.networkGuidelineReviewedShort})`}
            </li>
          ))}
        </ul>
      )}
      {mayRecord && organisations.data && (
        <MeetingForm
          user={user}
          // The network: the county's POSOM samordnare and the region's PKL samordnare.
          members={organisations.data
            .filter((o) => o.kind === "municipality" || o.kind === "region")
            .map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
    </section>
  );
}

function MeetingForm({ user, members }: { user: SignedInUser; members: { value: string; label: string }[] }) {
  const { messages } = useI18n();
  const t = messages.readiness;
  const record = useRecordNetworkMeeting(user.countyCode);
  const form = useContractForm({
    schema: RecordNetworkMeetingBody,
    toBody: (v: MeetingValues) => ({
      on: v.on,
      organisations: v.organisations,
      note: v.note.trim() === "" ? null : v.note.trim(),
      guidelineReviewed: v.guidelineReviewed,
    }),
    defaultValues: {
      on: stockholmToday(),
      organisations: members.map((m) => m.value),
      note: "",
      guidelineReviewed: false,
    },
  });
  const submit = form.handleSubmit((body) => record.mutate(body, { onError: form.showRefusal }));
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.networkRecordHeading}>
      <TextField name="on" label={t.networkHeldOn} type="date" />
      <CheckboxGroup
        name="organisations"
        legend={t.networkAttended}
        options={members}
        invalidText={t.networkAttendedRequired}
        itemsClassName="checks"
        labelClassName="check"
      />
      <TextField name="note" label={t.networkNote} maxLength={300} />
      <label className="check">
        <input type="checkbox" {...form.register("guidelineReviewed")} />
        {t.networkGuidelineReviewed}
      </label>
      <button type="submit" disabled={record.isPending}>
        {t.networkRecord}
      </button>
      {record.isSuccess && <p role="status">{t.networkRecorded}</p>}
      {record.isError && <p role="alert">{errorText(record.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
