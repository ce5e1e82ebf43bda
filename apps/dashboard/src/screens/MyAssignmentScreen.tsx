import type { MyAssignment, MyDebriefOffer } from "@krisstod/contracts";
import { useId } from "react";
import { Link } from "wouter";
import { useMyAssignments, useMyDebriefOffers } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { type OutcomeOf, useEvaluationOutcome, useLogbook } from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import { paths } from "../routes.ts";
import { Relieved, WhereToGo } from "./AnswerScreen.tsx";

/**
 * "Mitt uppdrag", for a signed-in support person on a phone: the call-outs they said yes to, each
 * with where to go, and their own logbook entries for that incident. The access token names a
 * login, not a roster person: the activation service asks the roster who that is.
 */
export default function MyAssignmentScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.mine;
  const picture = useRegionalPicture(user.countyCode);
  // Centre staff who are on no call list come here for their debrief offers only.
  const calledOut = may(user, "assignment.mine");
  const mine = useMyAssignments(picture.data, calledOut);
  const offers = useMyDebriefOffers(picture.data);
  const assignments = mine.data?.assignments ?? [];
  // Ongoing first; newest first within each (the service sends newest first).
  const sorted = [...assignments.filter((a) => !a.closedAt), ...assignments.filter((a) => a.closedAt)];
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {calledOut && mine.isPending && <p className="loading">{messages.loading}</p>}
      {mine.isError && <p role="alert">{errorText(mine.error, messages.work.problems)}</p>}
      {mine.data && !mine.data.inRoster && <p>{t.notInRoster}</p>}
      {(offers.data?.offers ?? []).length > 0 && <DebriefOffers offers={offers.data?.offers ?? []} />}
      {offers.isError && <p role="alert">{errorText(offers.error, messages.work.problems)}</p>}
      {mine.data?.inRoster && assignments.length === 0 && <p>{t.none}</p>}
      {!calledOut && offers.data?.offers.length === 0 && <p>{t.noDebriefOffers}</p>}
      {sorted.map((assignment) => (
        <AssignmentPanel key={assignment.activationId} assignment={assignment} />
      ))}
    </main>
  );
}

function AssignmentPanel({ assignment }: { assignment: MyAssignment }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.mine;
  const headingId = useId();
  const logbookId = useId();
  const entries = useLogbook(assignment.incident.id, user.organisationId, "personal", user.userId);
  return (
    <article aria-labelledby={headingId} className="panel assignment-panel">
      <h3 id={headingId}>
        {assignment.exercise && <span className="exercise-badge">{messages.answer.exercise}</span>}{" "}
        {assignment.incident.title}
      </h3>
      <p>
        {messages.activation.groups[assignment.group]} ·{" "}
        {assignment.closedAt ? t.closed : messages.activation.statuses[assignment.activationStatus]}
        {assignment.acceptedAt && (
          <>
            {" "}
            · {t.acceptedAt} <IncidentTime at={assignment.acceptedAt} />
          </>
        )}
        {assignment.etaMinutes !== null &&
          !assignment.relievedAt &&
          ` · ${messages.activation.eta(assignment.etaMinutes)}`}
      </p>
      {assignment.relievedAt ? (
        <Relieved relievedAt={assignment.relievedAt} gathering={assignment.gathering ?? null} />
      ) : (
        <WhereToGo assignment={assignment} headingLevel={4} ongoing={!assignment.closedAt} signedIn />
      )}
      {assignment.closedAt && <EvaluationOutcomePanel of={{ activationId: assignment.activationId }} />}
      <section aria-labelledby={logbookId}>
        <h4 id={logbookId}>{t.logbookHeading}</h4>
        {entries.isError && <p role="alert">{errorText(entries.error, messages.work.problems)}</p>}
        {entries.isSuccess && entries.data.length === 0 && <p>{t.noEntries}</p>}
        {(entries.data ?? []).length > 0 && (
          <ol className="logbook" aria-labelledby={logbookId}>
            {entries.data?.map((entry) => (
              <li key={entry.id}>
                <IncidentTime at={entry.occurredAt} />
                <p>{entry.text}</p>
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link href={paths.logbook}>{t.writeLogbook}</Link>
        </p>
      </section>
    </article>
  );
}

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." The person's own offers, first on the page: also those of a neighbour they were sent
 * to under mutual aid and of a centre they worked a shift at, which no assignment here names — for
 * those the evaluation's outcome is shown with the offer ("återkopplas till … stödpersoner").
 */
function DebriefOffers({ offers }: { offers: MyDebriefOffer[] }) {
  const { messages } = useI18n();
  const t = messages.mine;
  const nameOf = useOrganisationNames();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="panel debrief-offers">
      <h3 id={headingId}>{t.debriefHeading}</h3>
      <ul>
        {offers.map((offer) => (
          <li key={offer.offerId}>
            <p>
              {offer.exercise && <span className="exercise-badge">{messages.answer.exercise}</span>}{" "}
              {t.debriefOffer(offer.incident.title, nameOf(offer.organisationId))}
            </p>
            <p>
              {t.debriefVia[offer.via]}{" "}
              {offer.sentBy === null
                ? ""
                : offer.sentBy.length > 0
                  ? t.debriefSentBy(offer.sentBy.map((c) => t.debriefChannels[c]).join(", "))
                  : t.debriefNotSent}{" "}
              {t.debriefOfferedAt} <IncidentTime at={offer.offeredAt} />
            </p>
            {offer.via !== "call-out" && <EvaluationOutcomePanel of={outcomeOf(offer)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An offer's work is evaluated under the activation it was made for, or (people sent to another
 * county's deployment) under their organisation's record of the help it gave under the request.
 */
const outcomeOf = (offer: MyDebriefOffer): OutcomeOf =>
  offer.activationId ? { activationId: offer.activationId } : { aidRequestId: offer.aidRequestId ?? "" };

/**
 * Laholm 3.7: "Sammankallande ansvarar för alla insatser följs upp och återkopplas till
 * ledningsgruppen och stödpersoner." Shown once the activation is closed; the texts once it is done.
 */
function EvaluationOutcomePanel({ of }: { of: OutcomeOf }) {
  const { messages } = useI18n();
  const t = messages.mine;
  const user = useUser();
  const headingId = useId();
  const outcome = useEvaluationOutcome(of, useRegionalPicture(user.countyCode).data);
  const data = outcome.data;
  if (!data || data.status === "none") return null;
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t.outcomeHeading}</h4>
      {data.status === "open" && <p>{t.outcomePending}</p>}
      {data.status === "done" && (
        <dl>
          {data.whatWorked && (
            <>
              <dt>{t.whatWorked}</dt>
              <dd>{data.whatWorked}</dd>
            </>
          )}
          {data.whatToChange && (
            <>
              <dt>{t.whatToChange}</dt>
              <dd>{data.whatToChange}</dd>
            </>
          )}
          {data.lessons.length > 0 && (
            <>
              <dt>{t.lessons}</dt>
              {data.lessons.map((lesson) => (
                <dd key={lesson}>{lesson}</dd>
              ))}
            </>
          )}
        </dl>
      )}
    </section>
  );
}
