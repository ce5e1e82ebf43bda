import type {
  FullRegionalPicture,
  RecordCostBody,
  RecordParticipantBody,
  UpdateEvaluationBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { json, reporting, withSignal } from "./services.ts";

const activationRecord = reporting.activations[":activationId"];

/**
 * GET /activations?organisationId=: the organisation's activations in reporting's after-action
 * records, closed ones too (the live picture drops those). Refetched as the picture moves.
 */
export function useAfterActionActivations(organisationId: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.afterActionActivations(organisationId), picture);
  return useQuery({
    queryKey: queryKeys.afterActionActivations(organisationId),
    queryFn: ({ signal }) =>
      json(reporting.activations.$get({ query: { organisationId } }, withSignal(signal))),
  });
}

/** GET /activations/:id/summary: participants, hours, costs per kind, debriefs, evaluations. */
export function useActivationSummary(activationId: string) {
  return useQuery({
    queryKey: queryKeys.activationSummary(activationId),
    queryFn: ({ signal }) =>
      json(activationRecord.summary.$get({ param: { activationId } }, withSignal(signal))),
  });
}

/** PUT /activations/:id/participants/:personId: one person's hours (the answer is everyone's). */
export function useRecordParticipant(activationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: RecordParticipantBody }) =>
      json(
        activationRecord.participants[":personId"].$put({ param: { activationId, personId }, json: body }),
      ),
    onSuccess: (participants) => {
      queryClient.setQueryData(queryKeys.participants(activationId), participants);
      return queryClient.invalidateQueries({ queryKey: queryKeys.activationSummary(activationId) });
    },
  });
}

/** POST /activations/:id/costs: premises, food, transport or other, in SEK. */
export function useRecordCost(activationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordCostBody) =>
      json(activationRecord.costs.$post({ param: { activationId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.activationSummary(activationId) }),
  });
}

/** PATCH /evaluations/:id, e.g. `{ organisationId, status: "done" }`. */
export function useUpdateEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEvaluationBody }) =>
      json(reporting.evaluations[":id"].$patch({ param: { id }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.evaluations() }),
  });
}
