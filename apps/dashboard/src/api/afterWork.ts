import {
  ActivationSummary,
  AfterActionActivation,
  Evaluation,
  type FullRegionalPicture,
  Participant,
  type RecordCostBody,
  type RecordParticipantBody,
  type UpdateEvaluationBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { request, servicePath } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";

/**
 * GET /activations?organisationId=: the organisation's activations in reporting's after-action
 * records, closed ones too (the live picture drops those). Refetched as the picture moves.
 */
export function useAfterActionActivations(organisationId: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.afterActionActivations(organisationId), picture);
  return useQuery({
    queryKey: queryKeys.afterActionActivations(organisationId),
    queryFn: ({ signal }) =>
      request(servicePath("reporting", "/activations", { organisationId }), z.array(AfterActionActivation), {
        signal,
      }),
  });
}

/** GET /activations/:id/summary: participants, hours, costs per kind, debriefs, evaluations. */
export function useActivationSummary(activationId: string) {
  return useQuery({
    queryKey: queryKeys.activationSummary(activationId),
    queryFn: ({ signal }) =>
      request(servicePath("reporting", `/activations/${activationId}/summary`), ActivationSummary, {
        signal,
      }),
  });
}

/** PUT /activations/:id/participants/:personId: one person's hours (the answer is everyone's). */
export function useRecordParticipant(activationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: RecordParticipantBody }) =>
      request(
        servicePath("reporting", `/activations/${activationId}/participants/${encodeURIComponent(personId)}`),
        z.array(Participant),
        { method: "PUT", body },
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
      request(servicePath("reporting", `/activations/${activationId}/costs`), z.unknown(), {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.activationSummary(activationId) }),
  });
}

/** PATCH /evaluations/:id, e.g. `{ organisationId, status: "done" }`. */
export function useUpdateEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEvaluationBody }) =>
      request(servicePath("reporting", `/evaluations/${id}`), Evaluation, { method: "PATCH", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.evaluations() }),
  });
}
