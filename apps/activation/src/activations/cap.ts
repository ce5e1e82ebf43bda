import type { Activation, Incident } from "@krisstod/contracts";
import { XMLBuilder } from "fast-xml-parser";
import { groupName } from "./callout.ts";

/** The OASIS CAP 1.2 namespace (https://docs.oasis-open.org/emergency/cap/v1.2/). */
export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
export const CAP_CONTENT_TYPE = "application/cap+xml";

/**
 * CAP 1.2 date-times carry an explicit offset and no fractional seconds; "Z" is not allowed, UTC
 * is written "+00:00" (CAP 1.2 §3.3.2).
 */
export function capDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * One call-out as an OASIS CAP 1.2 alert: status Exercise for drills and Actual otherwise,
 * restricted to the crisis-support organisations. Ids, counts and the incident's place only —
 * nothing about the people called (no names, no numbers), nor the decider's name.
 * Elements are written in the order the CAP 1.2 schema's sequences require; the test checks the
 * result against the official OASIS schema (apps/activation/schemas/CAP-v1.2.xsd).
 */
export function toCapAlert(activation: Activation, incident: Incident): string {
  const exercise = incident.exercise === true;
  const what = `${groupName[activation.group]}, ${activation.organisationId}`;
  const headline = `${exercise ? "ÖVNING – " : ""}Aktivering: ${what} – ${incident.title}`;
  const areaDesc = incident.location.address ?? `Kommun ${incident.affectedMunicipalities.join(", ")}`;
  const alert = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    alert: {
      "@_xmlns": CAP_NAMESPACE,
      identifier: activation.id,
      sender: activation.organisationId,
      sent: capDateTime(new Date(activation.decidedAt)),
      status: exercise ? "Exercise" : "Actual",
      msgType: "Alert",
      scope: "Restricted",
      restriction: "POSOM/PKL call-out",
      ...(exercise ? { note: "ÖVNING – exercise, not a real incident" } : {}),
      incidents: incident.id,
      info: {
        language: "sv-SE",
        category: ["Health", "Safety"],
        event: `Aktivering av ${groupName[activation.group]}`,
        responseType: "Prepare",
        urgency: "Immediate",
        severity: incident.extraordinary ? "Severe" : "Moderate",
        certainty: "Observed",
        audience: `${groupName[activation.group]}, ${activation.organisationId}`,
        onset: capDateTime(new Date(incident.occurredAt)),
        senderName: activation.organisationId,
        headline,
        description: incident.title,
        parameter: [
          { valueName: "activationStatus", value: activation.status },
          { valueName: "needed", value: String(activation.needed) },
          { valueName: "accepted", value: String(activation.counts.accepted) },
          { valueName: "called", value: String(activation.counts.called) },
        ],
        area: {
          areaDesc,
          circle: `${incident.location.lat},${incident.location.lon} 0.5`,
          geocode: incident.affectedMunicipalities.map((code) => ({
            valueName: "SE-kommunkod",
            value: code,
          })),
        },
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    format: true,
    suppressEmptyNode: true,
  });
  return builder.build(alert) as string;
}
