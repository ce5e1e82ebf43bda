import type { PictureIncident } from "@krisstod/contracts";
import { useId } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";

/** The "which incident" select every working screen starts with. */
export function IncidentPicker({
  incidents,
  value,
  onChange,
}: {
  incidents: readonly PictureIncident[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { messages } = useI18n();
  const id = useId();
  return (
    <p className="incident-picker">
      <label htmlFor={id}>{messages.activation.incident}</label>{" "}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {incidents.map((incident) => (
          <option key={incident.id} value={incident.id}>
            {incident.title}
          </option>
        ))}
      </select>
    </p>
  );
}

/** Local date-time input value (yyyy-MM-ddTHH:mm) for a moment, in the browser's zone. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
