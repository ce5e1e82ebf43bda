import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type Activation,
  ActivationDecided,
  type ActivationStatus,
  type CallOutCounts,
  type CallOutStatus,
  type DecideActivationBody,
  type DecidedBy,
  type EscalationResult,
  type FunctionCondition,
  type Principal,
  type RosterGroup,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { asc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { auditAccess, callOutRecords } from "../audit.ts";
import { activations, callOuts, incidents } from "../db/schema.ts";
import { isCalledAcrossBorder } from "../incidents/incidents.store.ts";
import type { ActivationParts } from "../parts.ts";
import {
  type ActivationRow,
  escalateNow,
  eventFields,
  lockActivation,
  type StepDeps,
  startCallOut,
  tally,
} from "./callout.ts";
import { countyOf, isRegion } from "./organisations.ts";

type DecideInput = z.output<typeof DecideActivationBody>;

/** Acceptances asked for when the decision does not say. */
const defaultNeeded: Record<RosterGroup, number> = { management: 2, "support-persons": 4, pkl: 2 };

export function stepDeps(outbox: Outbox, parts: ActivationParts): StepDeps {
  return {
    outbox,
    signer: parts.signer,
    answerLinkBaseUrl: parts.answerLinkBaseUrl,
    answerLinkTtlMs: parts.env.ANSWER_LINK_TTL_MINUTES * 60_000,
  };
}

interface Decider {
  personId: string;
  name: string;
  functionId: string;
  functionTitle: string;
  /** The title of the function the decider's stands in for (decides only when it cannot be reached). */
  standsInFor: string | null;
  /** What must hold of the incident for the decider's function to activate at all. */
  onlyDuring: FunctionCondition | null;
}

/**
 * The coordinator (samordnare) on a call list, who owns the evaluation after the close (Laholm 3.7;
 * Halland: PKL "leds operativt av PKL-gruppen och utsedd PKL-samordnare"); null when it names none.
 */
function coordinatorOf(list: { entries: readonly { personId: string; role: string }[] } | undefined) {
  return list?.entries.find((entry) => entry.role === "coordinator")?.personId ?? null;
}

/**
 * A function that activates only while something holds of the incident. Laholm 3.1: "Personer med
 * ledande befattning inom polis, i samband med polisiär insats" — a police commander activates only
 * for an incident with a police operation under way.
 */
function requireCondition(decider: Decider, incident: { policeOperation: boolean }): void {
  if (decider.onlyDuring === "police-operation" && !incident.policeOperation) {
    throw new ForbiddenError(
      `${decider.functionTitle} activates only during a police operation, and the incident has none.`,
      "no-police-operation",
    );
  }
}

function standsInFor(
  functions: readonly { id: string; title: string; standsInFor?: string | null | undefined }[],
  functionId: string,
): string | null {
  const primary = functions.find((f) => f.id === functionId)?.standsInFor;
  if (!primary) return null;
  return functions.find((f) => f.id === primary)?.title ?? primary;
}

/**
 * A stand-in decides only when the function it stands in for cannot be reached, and says how it
 * tried. Enköping: "Är förvaltningschef vid socialförvaltningen ej nåbar kan tjänsteman i
 * beredskap (TiB) eller ansvarig för kommunens krisledning (stabschef) aktivera POSOM-insats."
 */
function standInAttempt(decider: Decider, chiefUnreachable: string | undefined): string | null {
  if (!decider.standsInFor) return null;
  if (!chiefUnreachable) {
    throw new UnprocessableError(
      `${decider.functionTitle} decides only when ${decider.standsInFor} cannot be reached: say how you tried.`,
      [{ field: "chiefUnreachable", message: `how ${decider.standsInFor} was tried` }],
      "chief-not-tried",
    );
  }
  return chiefUnreachable;
}

/**
 * Who decided, in which function — or why not. The decider is the signed-in person, looked up in
 * the roster by login subject. Ledningsgrupp and PKL: they must hold one of the organisation's
 * authorised functions (the region's for PKL). Support persons: the ledningsgrupp's own decision,
 * so a member of its call list (or an authorised activator) decides.
 */
async function resolveDecider(
  parts: ActivationParts,
  organisationId: string,
  group: RosterGroup,
  principal: Principal,
  claimed: DecidedBy | undefined,
): Promise<Decider> {
  const activators = await parts.roster.authorisedActivators(principal, organisationId, principal.userId);
  const allowed = activators.functions.map((f) => f.title).join(", ") || "none registered";
  const me = activators.signedIn;
  if (!me) {
    throw new ForbiddenError(
      `You (${principal.userId}) are not in the roster of ${organisationId}, so you hold none of its ` +
        `authorised functions; functions that may activate: ${allowed}.`,
      "not-in-roster",
    );
  }
  if (claimed && claimed.personId !== me.personId) {
    throw new ForbiddenError(
      "You decide as yourself: decidedBy must name the signed-in person.",
      "decide-as-yourself",
    );
  }
  const held = activators.persons.filter(
    (p) => p.personId === me.personId && (!claimed || p.functionId === claimed.functionId),
  );
  // Laholm 3.1: a function may activate the ledningsgrupp only (its `groups`).
  const holder = held.find((p) => mayActivate(activators.functions, p.functionId, group));
  if (holder) {
    return {
      personId: holder.personId,
      name: holder.name,
      functionId: holder.functionId,
      functionTitle: holder.functionTitle,
      standsInFor: standsInFor(activators.functions, holder.functionId),
      onlyDuring: activators.functions.find((f) => f.id === holder.functionId)?.onlyDuring ?? null,
    };
  }
  if (group === "support-persons" && (!claimed || claimed.functionId === "management")) {
    const management = await parts.roster.callList(principal, organisationId, "management");
    if (management.entries.some((e) => e.personId === me.personId)) {
      return {
        personId: me.personId,
        name: me.name,
        functionId: "management",
        functionTitle: "Ledningsgrupp",
        standsInFor: null,
        onlyDuring: null,
      };
    }
  }
  if (held.length > 0) {
    throw new ForbiddenError(
      `${me.name}'s function activates the ledningsgrupp; whether the support persons are called is ` +
        "the ledningsgrupp's own decision, taken in consultation with you (Laholm 3.1).",
      "function-activates-ledningsgrupp-only",
    );
  }
  const which = claimed ? `the authorised function "${claimed.functionId}"` : "an authorised function";
  throw new ForbiddenError(
    `${me.name} does not hold ${which} of ${organisationId}; functions that may activate: ${allowed}.`,
    "not-authorised-activator",
  );
}

/** Whether the function may activate the group: every group unless the organisation named some. */
export function mayActivate(
  functions: readonly { id: string; groups?: readonly RosterGroup[] | null | undefined }[],
  functionId: string,
  group: RosterGroup,
): boolean {
  const groups = functions.find((f) => f.id === functionId)?.groups;
  return !groups || groups.includes(group);
}

/**
 * Support persons are the ledningsgrupp's own decision under its running activation, taken with
 * the one who activated it. Laholm 3.1: "POSOMs ledningsgrupp i sin tur gör en bedömning huruvida
 * POSOMs stödpersoner ska aktiveras. Denna bedömning görs av POSOMs ledningsgrupp i samråd med den
 * som aktiverat ledningsgruppen." Returns whom to record as consulted: the one named, or else the
 * activator of the ledningsgrupp.
 */
async function supportPersonsConsultation(
  db: Database,
  input: {
    incidentId: string;
    organisationId: string;
    parentActivationId?: string | undefined;
    consultedWith?: string | undefined;
  },
): Promise<string> {
  const [parent] = input.parentActivationId
    ? await db.select().from(activations).where(eq(activations.id, input.parentActivationId))
    : [];
  const belongs =
    parent?.group === "management" &&
    parent.organisationId === input.organisationId &&
    parent.incidentId === input.incidentId;
  if (!parent || !belongs) {
    throw new UnprocessableError(
      "Support persons are activated by the organisation's activated ledningsgrupp.",
      [{ field: "parentActivationId", message: "must name this organisation's ledningsgrupp activation" }],
      "needs-management-activation",
    );
  }
  // An ended activation is no longer an activated ledningsgrupp: nobody decides in its name.
  if (parent.status === "closed") {
    throw new ConflictError(
      "The ledningsgrupp's activation is closed: support persons are called out only while it runs.",
      "management-activation-closed",
    );
  }
  return input.consultedWith ?? `${parent.decidedByName} (${parent.decidedByFunctionTitle})`;
}

/** The region's tjänsteman i beredskap, by the title of the function they decide in. */
const isOnCallOfficer = (functionTitle: string) =>
  /tjänste(man|person) i beredskap|\bTIB\b/i.test(functionTitle);

/**
 * PKL is decided by the förvaltningschef in consultation with the TIB. Halland: "Förvaltningschefen
 * för Psykiatrin i Halland beslutar om PKL ska aktiveras i samråd med tjänsteman i beredskap (TIB)."
 * The TIB decides only when the förvaltningschef cannot be reached, saying how they tried
 * (Enköping: "Är förvaltningschef … ej nåbar kan tjänsteman i beredskap (TiB) … aktivera").
 */
function pklConsultation(
  decider: { functionTitle: string },
  input: { consultedWith?: string | undefined; chiefUnreachable?: string | undefined },
): { consultedWith: string | null; chiefUnreachable: string | null } {
  if (isOnCallOfficer(decider.functionTitle)) {
    if (!input.chiefUnreachable) {
      throw new UnprocessableError(
        "The TIB activates PKL only when the förvaltningschef cannot be reached: say how you tried.",
        [{ field: "chiefUnreachable", message: "how the förvaltningschef was tried" }],
        "chief-not-tried",
      );
    }
    return { consultedWith: input.consultedWith ?? null, chiefUnreachable: input.chiefUnreachable };
  }
  if (!input.consultedWith) {
    throw new UnprocessableError(
      "PKL is decided in consultation with the region's TIB: name the TIB consulted.",
      [{ field: "consultedWith", message: "the TIB consulted" }],
      "consultation-required",
    );
  }
  return { consultedWith: input.consultedWith, chiefUnreachable: null };
}

/**
 * Decides an activation and starts its call-out: decision, call list, the first chunk of calls
 * (see `startCallOut`) and events in one commit. The answer is the activation as committed; when
 * more are needed than one chunk, the timer worker, woken here, calls the rest right after.
 */
export async function decideActivation(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  input: Omit<DecideInput, "organisationId"> & {
    /** The organisation whose group is activated. */
    organisationId: string;
    fallbackForActivationId?: string;
    /** The organisation whose authorised function decides (the asking one, for a fallback). */
    deciderOrganisationId?: string;
  },
): Promise<Activation> {
  // Both local reads go out together (no side effects); their refusals keep their order below.
  const consultation =
    input.group === "support-persons" ? supportPersonsConsultation(db, input) : Promise.resolve(undefined);
  consultation.catch(() => undefined);
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, input.incidentId));
  if (!incident) {
    throw new UnprocessableError(
      "No such incident.",
      [{ field: "incidentId", message: "unknown incident" }],
      "unknown-incident",
    );
  }
  // Organisations of the incident's county take part (POSOM of several municipalities, PKL), and
  // a neighbour's group called across the border as fallback (Laholm 3.1: "Halmstads eller
  // Båstads POSOM"; Båstad is in Skåne) decides its own support persons for it.
  if (
    incident.countyCode !== principal.countyCode &&
    !(await isCalledAcrossBorder(db, incident.id, principal.organisationId))
  ) {
    throw new ForbiddenError("The incident is in another county.", "other-county");
  }
  if (incident.status !== "open") throw new ConflictError("The incident is closed.", "incident-closed");
  if (input.group === "pkl" && !isRegion(input.organisationId)) {
    throw new UnprocessableError(
      "PKL is activated by the region.",
      [{ field: "organisationId", message: "must be a region for PKL" }],
      "pkl-by-region",
    );
  }
  const supportConsultation = await consultation;
  const decider = await resolveDecider(
    parts,
    input.deciderOrganisationId ?? input.organisationId,
    input.group,
    principal,
    input.decidedBy,
  );
  requireCondition(decider, incident);
  const attempt = standInAttempt(decider, input.chiefUnreachable);
  const pkl = input.group === "pkl" ? pklConsultation(decider, input) : undefined;
  const consultedWith = pkl ? pkl.consultedWith : (supportConsultation ?? input.consultedWith ?? null);
  const chiefUnreachable = attempt ?? pkl?.chiefUnreachable ?? null;
  // PKL's samordnare is on the region's ledningsgrupp list, not the PKL list: asked alongside.
  const managementList =
    input.group === "pkl"
      ? parts.roster.callList(principal, input.organisationId, "management").catch(() => undefined)
      : undefined;
  const callList = await parts.roster.callList(principal, input.organisationId, input.group);
  const coordinatorPersonId = coordinatorOf(callList) ?? coordinatorOf(await managementList);
  if (callList.entries.length === 0) {
    throw new UnprocessableError(
      `The ${input.group} call list of ${input.organisationId} has nobody available.`,
      undefined,
      "call-list-empty",
    );
  }

  const now = new Date();
  const id = uuidv7();
  const committed = await db.transaction(async (tx) => {
    // The row as it is inserted (no column of it has a default we need): built here, so the
    // INSERT goes out in the same pipeline as the call-out that follows it, not a round trip before.
    const row: ActivationRow = {
      id,
      incidentId: input.incidentId,
      organisationId: input.organisationId,
      countyCode: countyOf(input.organisationId, incident.countyCode),
      group: input.group,
      status: "calling",
      decidedByPersonId: decider.personId,
      decidedByUserId: principal.userId,
      decidedByName: decider.name,
      decidedByFunctionId: decider.functionId,
      decidedByFunctionTitle: decider.functionTitle,
      decidedAt: now,
      reason: input.reason,
      needed: input.needed ?? defaultNeeded[input.group],
      waitMs: parts.env.CALLOUT_WAIT_MS,
      parentActivationId: input.parentActivationId ?? null,
      fallbackForActivationId: input.fallbackForActivationId ?? null,
      neighbours: input.group === "management" ? callList.neighbours : [],
      meetingPlace: input.meetingPlace ?? null,
      consultedWith,
      chiefUnreachable,
      fallbackOfferedAt: null,
      closedAt: null,
      coordinatorPersonId,
    };
    const decided = (counts: CallOutCounts) =>
      createEvent(ActivationDecided, {
        ...eventFields(row),
        occurredAt: now,
        data: {
          activationId: id,
          incidentId: row.incidentId,
          group: input.group,
          decidedBy: {
            personId: decider.personId,
            functionId: decider.functionId,
            functionTitle: decider.functionTitle,
          },
          decidedAt: now.toISOString(),
          reason: row.reason,
          needed: row.needed,
          parentActivationId: row.parentActivationId,
          fallbackForActivationId: row.fallbackForActivationId,
          // Every call-out row is written as queued first: no need to count them back.
          counts,
          exercise: incident.exercise,
        },
      });
    // Started first: postgres.js sends a connection's statements in the order they were started,
    // so the call-out rows (which reference it) follow it on the wire.
    const inserted = tx.insert(activations).values(row).execute();
    const [, people] = await Promise.all([
      inserted,
      // The row this transaction inserts: nobody else can see it, let alone lock it, before commit.
      startCallOut(
        tx,
        stepDeps(outbox, parts),
        row,
        incident,
        callList.entries.map((entry) => ({
          personId: entry.personId,
          name: entry.name,
          phone: entry.phones[0] ?? null,
          email: entry.email,
          position: entry.position,
        })),
        decided,
        now,
      ),
      // The call list, names and contact details copied from the roster: a write of personal data
      // (one INSERT, no lock: the rows are chained by the audit sealer after commit).
      auditAccess(tx, principal, "write", callOutRecords(input, callList.entries), `activation ${id}`),
    ]);
    return { activation: row, people };
  });
  // The first chunk's messages are ready to send; any further chunk is a step due now, which this
  // replica's timer worker takes without waiting to poll.
  parts.wake.sender();
  parts.wake.timers();
  // The activation as this transaction committed it, from the rows it wrote (no read back).
  return toActivation(
    committed.activation,
    [...committed.people].sort((a, b) => a.position - b.position),
    incident.exercise,
  );
}

/** Falls back to a neighbour's ledningsgrupp when the own one could not be reached. */
export async function fallBack(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  activationId: string,
  input: {
    organisationId: string;
    decidedBy?: DecidedBy | undefined;
    reason: string;
    chiefUnreachable?: string | undefined;
  },
): Promise<Activation> {
  const [original] = await db.select().from(activations).where(eq(activations.id, activationId));
  if (!original) throw new NotFoundError("No such activation.");
  if (original.organisationId !== principal.organisationId) {
    throw new ForbiddenError(
      "Only the organisation whose group could not be reached asks a neighbour.",
      "fallback-not-yours",
    );
  }
  if (original.group !== "management" || original.status !== "unreachable") {
    throw new ConflictError(
      "Fallback is offered only when a ledningsgrupp could not be reached.",
      "fallback-not-needed",
    );
  }
  if (!original.neighbours.includes(input.organisationId)) {
    throw new UnprocessableError(
      "Not a fallback neighbour of this organisation.",
      [{ field: "organisationId", message: `must be one of ${original.neighbours.join(", ")}` }],
      "not-a-neighbour",
    );
  }
  return decideActivation(db, outbox, parts, principal, {
    incidentId: original.incidentId,
    organisationId: input.organisationId,
    group: "management",
    decidedBy: input.decidedBy,
    reason: input.reason,
    needed: original.needed,
    fallbackForActivationId: original.id,
    // The neighbour's people gather where the own group would have.
    ...(original.meetingPlace ? { meetingPlace: original.meetingPlace } : {}),
    // A stand-in (the TiB) asks as it decides: saying how the one it stands in for was tried.
    ...(input.chiefUnreachable ? { chiefUnreachable: input.chiefUnreachable } : {}),
    // The asking organisation's authorised function decides, as Laholm asks Halmstad via HILL.
    deciderOrganisationId: original.organisationId,
  });
}

/**
 * The lead escalates now (see `escalateNow`): the next people are called in one transaction with
 * their messages, their events and one audit row each (their contact details are used to call them).
 * Scope is checked by the caller.
 */
export async function escalateActivation(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  activationId: string,
  input: { count?: number | undefined; seenCalled?: number | undefined },
): Promise<EscalationResult> {
  const result = await db.transaction(async (tx) => {
    const locked = await lockActivation(tx, activationId);
    if (!locked) throw new NotFoundError("No such activation.");
    const { called, counts } = await escalateNow(tx, stepDeps(outbox, parts), locked, input, new Date());
    // The people called: a write of personal data, audited in the same transaction.
    await auditAccess(
      tx,
      principal,
      "write",
      callOutRecords(locked, called),
      `escalation of activation ${activationId}`,
    );
    return {
      activationId,
      called: called.length,
      status: locked.status as ActivationStatus,
      counts,
    };
  });
  parts.wake.sender();
  parts.wake.timers();
  return result;
}

export function toActivation(
  row: ActivationRow,
  people: (typeof callOuts.$inferSelect)[],
  exercise = false,
): Activation {
  const counts = tally(people.map((p) => [p.status as CallOutStatus, 1] as const));
  return {
    id: row.id,
    incidentId: row.incidentId,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    group: row.group as RosterGroup,
    status: row.status as ActivationStatus,
    decidedBy: {
      personId: row.decidedByPersonId,
      name: row.decidedByName,
      functionId: row.decidedByFunctionId,
      functionTitle: row.decidedByFunctionTitle,
      userId: row.decidedByUserId,
    },
    decidedAt: row.decidedAt.toISOString(),
    reason: row.reason,
    needed: row.needed,
    parentActivationId: row.parentActivationId,
    fallbackForActivationId: row.fallbackForActivationId,
    fallbackOffered: row.fallbackOfferedAt ? row.neighbours : [],
    counts,
    exercise,
    closedAt: row.closedAt?.toISOString() ?? null,
    meetingPlace: row.meetingPlace,
    consultedWith: row.consultedWith,
    chiefUnreachable: row.chiefUnreachable,
    callOuts: people.map((p) => ({
      personId: p.personId,
      name: p.name,
      position: p.position,
      status: p.status as CallOutStatus,
      calledAt: p.calledAt?.toISOString() ?? null,
      answeredAt: p.answeredAt?.toISOString() ?? null,
      etaMinutes: p.etaMinutes,
      ...(p.relievedAt ? { relievedAt: p.relievedAt.toISOString() } : {}),
      ...(p.task ? { task: p.task } : {}),
    })),
  };
}

export async function findActivation(
  db: Database | Transaction,
  id: string,
): Promise<Activation | undefined> {
  const [row] = await db.select().from(activations).where(eq(activations.id, id));
  if (!row) return undefined;
  const people = await db
    .select()
    .from(callOuts)
    .where(eq(callOuts.activationId, id))
    .orderBy(asc(callOuts.position));
  return toActivation(row, people, await isExercise(db, row.incidentId));
}

async function isExercise(db: Database | Transaction, incidentId: string): Promise<boolean> {
  const [incident] = await db
    .select({ exercise: incidents.exercise })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  return incident?.exercise ?? false;
}

export async function listActivations(db: Database | Transaction, incidentId: string): Promise<Activation[]> {
  const rows = await db
    .select()
    .from(activations)
    .where(eq(activations.incidentId, incidentId))
    .orderBy(asc(activations.decidedAt));
  const views: Activation[] = [];
  const exercise = await isExercise(db, incidentId);
  for (const row of rows) {
    const people = await db
      .select()
      .from(callOuts)
      .where(eq(callOuts.activationId, row.id))
      .orderBy(asc(callOuts.position));
    views.push(toActivation(row, people, exercise));
  }
  return views;
}
