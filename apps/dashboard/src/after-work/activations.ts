import {
  type ActivationStatus,
  type AfterActionActivation,
  type FullRegionalPicture,
  RosterGroup,
} from "@krisstod/contracts";

/** One activation to follow up: live from the picture, or closed from reporting's records. */
export interface AfterWorkActivation {
  id: string;
  title: string;
  group: RosterGroup | undefined;
  status: ActivationStatus | undefined;
  decidedAt: string;
  /** Help given to another county's deployment under an aid request, not an activation of its own. */
  aidGiven: boolean;
}

/**
 * The organisation's root activations, newest first: the live picture's (with their state) and
 * reporting's after-action records (closed ones too; the picture drops those). Support-person
 * activations decided under a ledningsgrupp's are left out: their people count under that one.
 */
export function afterWorkActivations(
  picture: FullRegionalPicture | undefined,
  records: readonly AfterActionActivation[],
  organisationId: string,
): AfterWorkActivation[] {
  const titleOf = new Map((picture?.incidents ?? []).map((i) => [i.id, i.title]));
  const byId = new Map<string, AfterWorkActivation>();
  for (const r of records) {
    if (r.organisationId !== organisationId) continue;
    const group = RosterGroup.safeParse(r.group);
    byId.set(r.activationId, {
      id: r.activationId,
      title: r.incidentTitle ?? (r.incidentId ? (titleOf.get(r.incidentId) ?? "") : ""),
      group: group.success ? group.data : undefined,
      status: r.endedAt ? "closed" : undefined,
      decidedAt: r.activatedAt,
      aidGiven: r.aidRequestId !== null,
    });
  }
  for (const a of picture?.activations ?? []) {
    if (a.organisationId !== organisationId || a.parentActivationId) continue;
    byId.set(a.id, {
      id: a.id,
      title: titleOf.get(a.incidentId) ?? byId.get(a.id)?.title ?? "",
      group: a.group,
      status: a.status,
      decidedAt: a.decidedAt,
      aidGiven: false,
    });
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt));
}
