import type { ActionPlanBody } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { json, roster, withSignal } from "./services.ts";

const key = (organisationId: string) => ["roster", "action-plan", organisationId] as const;

/** The organisation's action plan (Laholm 3.2 "operativ handlingsplan"): its checklist's steps. */
export function useActionPlan(organisationId: string, enabled = true) {
  return useQuery({
    queryKey: key(organisationId),
    queryFn: ({ signal }) =>
      json(
        roster.organisations[":id"]["action-plan"].$get(
          { param: { id: organisationId } },
          withSignal(signal),
        ),
      ),
    enabled,
  });
}

/** Saves the steps (`body`), or confirms the plan unchanged (no body); either reviews it. */
export function useReviewActionPlan(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ActionPlanBody | undefined) =>
      body
        ? json(roster.organisations[":id"]["action-plan"].$put({ param: { id: organisationId }, json: body }))
        : json(roster.organisations[":id"]["action-plan"].review.$post({ param: { id: organisationId } })),
    onSuccess: (plan) => queryClient.setQueryData(key(organisationId), plan),
  });
}
