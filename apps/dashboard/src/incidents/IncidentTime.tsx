import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * A time as Swedes read it: Swedish local time, whatever the browser's own zone. `dateOnly` for
 * what was entered as a day (a deadline): the day, without a time nobody chose.
 */
export function IncidentTime({ at, dateOnly = false }: { at: string; dateOnly?: boolean }) {
  const { messages } = useI18n();
  const format = useMemo(
    () =>
      new Intl.DateTimeFormat(messages.locale, {
        day: "numeric",
        month: "short",
        ...(dateOnly ? { year: "numeric" } : { hour: "2-digit", minute: "2-digit" }),
        timeZone: "Europe/Stockholm",
      }),
    [messages.locale, dateOnly],
  );
  return <time dateTime={dateOnly ? stockholmDay(at) : at}>{format.format(new Date(at))}</time>;
}

/** YYYY-MM-DD of the instant in Swedish time (sv-SE formats dates that way). */
const stockholmDay = (at: string) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date(at));
