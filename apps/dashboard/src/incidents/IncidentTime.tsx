import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";

/** A time as Swedes read it: Swedish local time, whatever the browser's own zone. */
export function IncidentTime({ at }: { at: string }) {
  const { messages } = useI18n();
  const format = useMemo(
    () =>
      new Intl.DateTimeFormat(messages.locale, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "Europe/Stockholm",
      }),
    [messages.locale],
  );
  return <time dateTime={at}>{format.format(new Date(at))}</time>;
}
