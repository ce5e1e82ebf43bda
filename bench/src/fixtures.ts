import { createEvent } from "@krisstod/bus";
import {
  type CreateIncidentBody,
  type EventEnvelope,
  IncidentOpened,
  type Principal,
} from "@krisstod/contracts";
import { v7 as uuidv7 } from "uuid";

export function incidentBody(i: number): CreateIncidentBody {
  return {
    organisationId: "kommun-1380",
    countyCode: "13",
    kind: "accident",
    title: `Bänkmärkning ${i}`,
    location: { lat: 56.67 + (i % 100) / 1000, lon: 12.86 },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1380"],
  };
}

export function incidentOpenedEvent(i: number): EventEnvelope {
  const id = uuidv7();
  const now = new Date().toISOString();
  return createEvent(IncidentOpened, {
    organisationId: "kommun-1380",
    countyCode: "13",
    aggregateId: id,
    data: {
      id,
      organisationId: "kommun-1380",
      countyCode: "13",
      kind: "accident",
      title: `Händelse ${i}`,
      description: "",
      location: { lat: 56.67, lon: 12.86 },
      occurredAt: now,
      affectedMunicipalities: ["1380"],
      extraordinary: false,
      crisisManagementActivated: false,
      status: "open",
      createdAt: now,
    },
  });
}

/** Who signs in during the benchmarks (tokens from the namespace's throwaway issuer). */
export const countyObserver: Partial<Principal> = {
  userId: "lansstyrelsen-13.county-observer",
  organisationId: "lansstyrelsen-13",
  countyCode: "13",
  roles: ["county-observer"],
};
export const halmstadLead: Partial<Principal> = {
  userId: "kommun-1380.posom-lead",
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["posom-lead"],
};
