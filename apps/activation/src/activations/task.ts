import type { Outbox } from "@krisstod/bus";
import type { Principal, TaskAssigned } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { eq } from "drizzle-orm";
import { auditAccess, callOutRecords } from "../audit.ts";
import { callOuts } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { stepDeps } from "./activations.store.ts";
import { incidentOf, writeMessages } from "./callout.ts";
import { onDutyUnderLock } from "./on-duty.ts";

/**
 * The ledningsgrupp gives one person on duty a task (PUT /activations/:id/call-outs/:personId/task),
 * under the activation's lock, in one commit: the task is stored on their call-out, and they are
 * sent it (SMS and e-mail, with the link to their answer page, which shows it). Laholm 3.3:
 * "Stödpersonernas uppdrag är att utföra de uppdrag som ges av ledningsgruppen." The task may
 * name people or places of the incident, so it goes to the person only, never into an event.
 * The same task again changes and sends nothing; null takes it back (nothing is sent). Refused
 * (409) once the activation is closed and for anybody not on duty.
 */
export async function assignTask(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  activationId: string,
  personId: string,
  task: string | null,
): Promise<TaskAssigned> {
  const result = await db.transaction(async (tx) => {
    const { activation, person } = await onDutyUnderLock(tx, activationId, personId, "is given a task");
    if (person.task === task) return { activationId, personId, task, told: false };
    await tx.update(callOuts).set({ task }).where(eq(callOuts.id, person.id));
    if (task === null) return { activationId, personId, task, told: false };
    await writeMessages(
      tx,
      stepDeps(outbox, parts),
      activation,
      await incidentOf(tx, activation),
      [person],
      new Date(),
      ({ drill, what, title, link }) => ({
        subject: `${drill}Uppdrag: ${what} – ${title}`,
        body: `${drill}Krisstöd: ditt uppdrag från ledningsgruppen (${title}): ${task}. Mer: ${link}`,
      }),
    );
    // Their phone number and e-mail address were used: audited like a call-out.
    await auditAccess(
      tx,
      principal,
      "write",
      callOutRecords(activation, [person]),
      `task in activation ${activationId}`,
    );
    return { activationId, personId, task, told: Boolean(person.phone || person.email) };
  });
  if (result.told) parts.wake.sender();
  return result;
}
