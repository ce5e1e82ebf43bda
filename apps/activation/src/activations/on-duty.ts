import type { Transaction } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { and, eq } from "drizzle-orm";
import { callOuts } from "../db/schema.ts";
import { type ActivationRow, type CallOutRow, lockActivation } from "./callout.ts";

/**
 * A lead's step on one person of an activation (relieve them, give them a task), under the
 * activation's lock: the activation, still running, and the person, who must be on duty (said yes).
 * 404 for an unknown activation or person, 409 `activation-closed` or `not-on-duty` otherwise;
 * `what` says the step in the refusal ("can be relieved").
 */
export async function onDutyUnderLock(
  tx: Transaction,
  activationId: string,
  personId: string,
  what: string,
): Promise<{ activation: ActivationRow; person: CallOutRow }> {
  const activation = await lockActivation(tx, activationId);
  if (!activation) throw new NotFoundError("No such activation.");
  if (activation.status === "closed")
    throw new ConflictError("The activation has been closed.", "activation-closed");
  const [person] = await tx
    .select()
    .from(callOuts)
    .where(and(eq(callOuts.activationId, activationId), eq(callOuts.personId, personId)));
  if (!person) throw new NotFoundError("Nobody with this id is on the activation's call list.");
  if (person.status !== "accepted") {
    throw new ConflictError(
      `Only someone on duty (who said yes) ${what}; this person is ${person.status}.`,
      "not-on-duty",
    );
  }
  return { activation, person };
}
