import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useCountyReadiness, useRecordYearlyDuty } from "../api/roster.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import { DutyDoneForm } from "../readiness/DutyDoneForm.tsx";
import { NetworkMeetings } from "../readiness/NetworkMeetings.tsx";

/** Every municipality's readiness as the roster computes it: level, score, figures and gaps. */
export default function ReadinessScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.readiness;
  const picture = useRegionalPicture(user.countyCode);
  const readiness = useCountyReadiness(user.countyCode, picture.data);
  const id = useId();
  const rows = [...(readiness.data ?? [])].sort((a, b) => a.score - b.score);
  const record = useRecordYearlyDuty(user.organisationId, user.countyCode);
  // The yearly duties' reminders: the organisation's own keepers record a duty as done today.
  const dutyOf = {
    "guideline-review-due": "guideline-review",
    "network-meeting-due": "network-meeting",
    "training-plan-due": "training-plan",
    "steering-document-review-due": "steering-document-review",
    "pkl-adjunct-due": "pkl-adjunct",
  } as const;
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {readiness.isError && <p role="alert">{errorText(readiness.error, messages.work.problems)}</p>}
      <TableScroll labelledBy={id}>
        <table aria-labelledby={id}>
          <caption id={id}>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{messages.overview.organisation}</th>
              <th scope="col">{messages.overview.readiness}</th>
              <th scope="col">{t.score}</th>
              <th scope="col">{t.supportPersons}</th>
              <th scope="col">{t.reviewed}</th>
              <th scope="col">{t.gaps}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.organisationId}>
                <th scope="row">{r.name}</th>
                <td className={`readiness readiness--${r.level}`}>{messages.overview.levels[r.level]}</td>
                <td>{r.score}</td>
                <td>
                  {r.figures.supportPersons} / {r.figures.supportPersonTarget}
                </td>
                <td>
                  {r.figures.callListReviewedAt ? (
                    <IncidentTime at={r.figures.callListReviewedAt} dateOnly />
                  ) : (
                    "–"
                  )}
                </td>
                <td>
                  {r.gaps.length === 0 ? (
                    "–"
                  ) : (
                    <ul className="gaps">
                      {r.gaps.map((g) => {
                        const duty = g.code in dutyOf ? dutyOf[g.code as keyof typeof dutyOf] : undefined;
                        const mine =
                          r.organisationId === user.organisationId && may(user, "call-lists.write");
                        return (
                          <li key={g.code}>
                            {t.gapTexts[g.code](g.values)}
                            {duty && mine && (
                              <>
                                {" "}
                                <button
                                  type="button"
                                  className="inline secondary"
                                  disabled={record.isPending}
                                  onClick={() => record.mutate({ duty })}
                                >
                                  {t.dutyDone[duty]}
                                </button>
                              </>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {record.isError && <p role="alert">{errorText(record.error, messages.work.problems)}</p>}
      {may(user, "call-lists.write") && <DutyDoneForm user={user} />}
      <NetworkMeetings
        user={user}
        picture={picture.data}
        mayRecord={may(user, "network-meetings.write") && user.organisationId.startsWith("lansstyrelsen-")}
      />
    </main>
  );
}
