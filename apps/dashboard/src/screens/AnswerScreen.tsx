import { AnswerBody, type AnswerLinkState, type Assignment } from "@krisstod/contracts";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { FormProvider } from "react-hook-form";
import { useSearch } from "wouter";
import { type AnswerOutcome, answerCallOut, geoLink, mapLink, useAnswerLink } from "../api/activation.ts";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { LanguageSwitch } from "../layout/LanguageSwitch.tsx";
import { useDocumentTitle } from "../layout/useDocumentTitle.ts";

/**
 * A support person's answer to a call-out, opened from the link in a text message, on a phone,
 * without signing in (the link's signed, single-use token is the credential). The link is read
 * first (a GET answers nothing): an exercise says ÖVNING before anything else, an answered link
 * says so. After a yes, where to go: the meeting place and the incident, with a map link.
 */
export default function AnswerScreen({ activationId }: { activationId: string }) {
  const { messages } = useI18n();
  const t = messages.answer;
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const link = useAnswerLink(activationId, token);
  const answer = useMutation({ mutationFn: (body: AnswerBody) => answerCallOut(activationId, body) });
  // A yes is checked against the answer's contract (minutes 0–1440, whole) and told at the field.
  const form = useContractForm({
    schema: AnswerBody,
    toBody: (values: AnswerValues): AnswerBody => ({
      token,
      answer: "accept",
      // Empty is "not said": the contract would coerce "" to 0 minutes.
      ...(values.etaMinutes.trim() === "" ? {} : { etaMinutes: Number(values.etaMinutes) }),
    }),
    defaultValues: { etaMinutes: "" },
  });
  const accept = form.handleSubmit((body) => answer.mutate(body, { onError: form.showRefusal }));
  // A no needs no arrival time: a wrong one typed before changing one's mind does not hold it up.
  const decline = () => answer.mutate({ token, answer: "decline" });
  const outcomeText: Record<AnswerOutcome, string> = {
    accepted: t.accepted,
    declined: t.declined,
    "already-answered": t.alreadyAnswered,
    "invalid-link": t.invalidLink,
  };
  const state = link.data;
  const exercise = state?.exercise ?? answer.data?.assignment?.exercise ?? false;
  const heading = exercise ? `${t.exercise} – ${t.heading}` : t.heading;
  useDocumentTitle(messages.pageTitle(heading));

  let body: ReactNode;
  if (token === "" || (link.isSuccess && state === undefined)) {
    body = <p role="alert">{t.invalidLink}</p>;
  } else if (answer.isSuccess) {
    body = (
      <>
        <p role="status">{outcomeText[answer.data.outcome]}</p>
        {answer.data.assignment && <WhereToGo assignment={answer.data.assignment} />}
      </>
    );
  } else if (link.isPending) {
    body = <p className="loading">{messages.loading}</p>;
  } else if (state?.relieved) {
    body = <Relieved relievedAt={null} gathering={state.gathering ?? null} />;
  } else if (state?.settled) {
    body = (
      <>
        <p role="status">
          {state.answer === "accepted"
            ? t.alreadyAccepted
            : state.answer === "declined"
              ? t.alreadyDeclined
              : t.alreadyAnswered}
        </p>
        {state.assignment && <WhereToGo assignment={state.assignment} />}
      </>
    );
  } else {
    body = (
      <FormProvider {...form}>
        <form onSubmit={accept} noValidate>
          {/* The link could not be read (network): the answer can still be given. */}
          {link.isError ? <p>{t.intro}</p> : <Intro state={state} />}
          <TextField name="etaMinutes" label={t.eta} type="number" inputMode="numeric" min={0} max={1440} />
          <div className="answer__buttons">
            <button type="submit" disabled={answer.isPending}>
              {t.accept}
            </button>
            <button type="button" disabled={answer.isPending} onClick={decline}>
              {t.decline}
            </button>
          </div>
          {answer.isError && <p role="alert">{t.failed}</p>}
        </form>
      </FormProvider>
    );
  }

  return (
    <>
      <header className="app-header">
        <h1>{messages.appName}</h1>
        <LanguageSwitch />
      </header>
      <main className="answer">
        {exercise && (
          <p className="exercise-banner" role="note">
            <strong>{t.exercise}</strong> {t.exerciseText}
          </p>
        )}
        <h2>{heading}</h2>
        {body}
      </main>
    </>
  );
}

/** The answer form's one field: minutes until in place, as typed (empty: not said). */
interface AnswerValues {
  etaMinutes: string;
}

function Intro({ state }: { state: AnswerLinkState | undefined }) {
  const { messages } = useI18n();
  if (!state) return <p>{messages.answer.intro}</p>;
  return (
    <>
      <p>{messages.answer.introFor(messages.activation.groups[state.group])}</p>
      {state.incidentTitle && (
        <p>
          {messages.answer.incident}: <strong>{state.incidentTitle}</strong>
        </p>
      )}
    </>
  );
}

/** Where a person who said yes goes: the meeting place, the incident, a map link. Nobody else's details. */
export function WhereToGo({
  assignment,
  headingLevel = 3,
  ongoing = true,
  signedIn = false,
}: {
  assignment: Assignment;
  headingLevel?: 3 | 4;
  /** While the activation runs: what to keep in mind at work (not after its close). */
  ongoing?: boolean;
  /** Under Mitt uppdrag, beside the person's logbook: no need to say where to keep it. */
  signedIn?: boolean;
}) {
  const { messages } = useI18n();
  const t = messages.answer;
  const headingId = useId();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const { incident } = assignment;
  return (
    <section aria-labelledby={headingId} className="assignment">
      <Heading id={headingId}>{t.whereHeading}</Heading>
      <dl>
        <dt>{t.meetingPlace}</dt>
        <dd>{assignment.meetingPlace ?? t.meetingPlaceUnknown}</dd>
        {assignment.task && (
          <>
            <dt>{t.yourTask}</dt>
            <dd>{assignment.task}</dd>
          </>
        )}
        <dt>{t.incident}</dt>
        <dd>
          {incident.title}
          {incident.address && (
            <>
              <br />
              {incident.address}
            </>
          )}
        </dd>
      </dl>
      <p className="assignment__links">
        <a href={mapLink(incident.location)} target="_blank" rel="noopener noreferrer">
          {t.openMap}
        </a>{" "}
        · <a href={geoLink(incident.location)}>{t.openMapApp}</a>
      </p>
      {ongoing && <WhileAtWork group={assignment.group} logbookHint={!signedIn} />}
    </section>
  );
}

/**
 * What to keep in mind while called out. Laholm 3.5: "När POSOM-gruppen är aktiverad prioriteras
 * POSOM-uppdraget före ordinarie tjänstgöring" (POSOM's groups; PKL is the region's own staff).
 * Enköping: "De stödpersoner som arbetar aktivt under händelsen ska föra egen loggbok."
 */
function WhileAtWork({ group, logbookHint }: { group: Assignment["group"]; logbookHint: boolean }) {
  const t = useI18n().messages.answer;
  if (group === "pkl" && !logbookHint) return null;
  return (
    <ul className="assignment__notes">
      {group !== "pkl" && <li>{t.beforeOrdinaryDuties}</li>}
      {logbookHint && <li>{t.keepLogbook}</li>}
    </ul>
  );
}

/**
 * Relieved of duty by the lead (Enköping "aktiva lösas av"): thanks, and the gathering for a
 * supportive talk the lead named (Laholm 3.2 "uppsamling och stödjande samtal vid behov").
 */
export function Relieved({ relievedAt, gathering }: { relievedAt: string | null; gathering: string | null }) {
  const { messages } = useI18n();
  const t = messages.mine;
  return (
    <div className="relieved" role="note">
      <p>
        <strong>{t.relieved}</strong>
        {relievedAt && (
          <>
            {" "}
            ({t.relievedAt} <IncidentTime at={relievedAt} />)
          </>
        )}
      </p>
      <p>{gathering ? `${t.gathering}: ${gathering}` : t.noGathering}</p>
    </div>
  );
}
