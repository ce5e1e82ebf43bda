import {
  Activation,
  type AnswerBody,
  AnswerLinkState,
  AnswerResult,
  type Assignment,
  type ChangeMeetingPlaceBody,
  type DecideActivationBody,
  DevOutboxMessage,
  type EscalateBody,
  EscalationResult,
  type FallbackBody,
  type FullRegionalPicture,
  MeetingPlaceChange,
  MyAssignments,
  MyDebriefOffers,
  MyDecisions,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { z } from "zod";
import { request, servicePath } from "./client.ts";
import { queryKeys } from "./queryKeys.ts";

/**
 * The activations of one incident, with who was called and their answers (for the organisation's
 * own leads). Refetched whenever the live picture moves — every answer is an event that moves it —
 * so answers arrive on the board as they are given.
 */
export function useIncidentActivations(
  incidentId: string | undefined,
  picture: FullRegionalPicture | undefined,
) {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  useEffect(() => {
    if (incidentId === undefined || position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) });
  }, [incidentId, position, queryClient]);
  return useQuery({
    queryKey: queryKeys.incidentActivations(incidentId ?? ""),
    queryFn: ({ signal }) =>
      request(servicePath("activation", `/incidents/${incidentId}/activations`), z.array(Activation), {
        signal,
      }),
    enabled: incidentId !== undefined,
  });
}

export function useDecideActivation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DecideActivationBody) =>
      request(servicePath("activation", "/activations"), Activation, { method: "POST", body }),
    onSuccess: (activation) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(activation.incidentId) }),
  });
}

/** What the development outbox "sent" for an activation: the stand-in for SMS and e-mail. */
export function useDevOutbox(activationId: string, picture: FullRegionalPicture | undefined) {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  useEffect(() => {
    if (position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.devOutbox(activationId) });
  }, [activationId, position, queryClient]);
  return useQuery({
    queryKey: queryKeys.devOutbox(activationId),
    queryFn: ({ signal }) =>
      request(servicePath("activation", "/dev/outbox", { activationId }), z.array(DevOutboxMessage), {
        signal,
      }),
    // Messages go out from the service's sender shortly after the decision, not as feed events.
    refetchInterval: (query) =>
      query.state.status === "error" ? false : (query.state.data?.length ?? 0) === 0 ? 1_000 : 5_000,
    // No development outbox (a real SMS provider is configured): the section simply stays away.
    retry: false,
  });
}

export type AnswerOutcome = "accepted" | "declined" | "already-answered" | "invalid-link";

/**
 * Answers a call-out with the link's token. Sent without the signed-in user's token on purpose:
 * the signed, single-use link is the credential, and the person has no account. After a yes the
 * service says where to go (`assignment`).
 */
export async function answerCallOut(
  activationId: string,
  body: AnswerBody,
): Promise<{ outcome: AnswerOutcome; assignment?: Assignment | undefined }> {
  const response = await fetch(servicePath("activation", `/call-outs/${activationId}/answer`), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status === 409) return { outcome: "already-answered" };
  if (response.status === 401 || response.status === 404) return { outcome: "invalid-link" };
  if (!response.ok) throw new Error(`answer: HTTP ${response.status}`);
  const result = AnswerResult.parse(await response.json());
  return {
    outcome: result.status === "accepted" ? "accepted" : "declined",
    assignment: result.assignment,
  };
}

/**
 * What the answer link says before the answer: organisation, group, ÖVNING, whether it is already
 * answered (and then, after a yes, where to go). `undefined`: the link is not valid (or expired).
 * Like the answer, asked without the signed-in user's token: the link is the credential.
 */
export function useAnswerLink(activationId: string, token: string) {
  return useQuery({
    queryKey: ["activation", "answer-link", activationId, token],
    queryFn: async ({ signal }): Promise<AnswerLinkState | undefined> => {
      const response = await fetch(
        servicePath("activation", `/call-outs/${activationId}/answer`, { token }),
        { headers: { Accept: "application/json" }, signal },
      );
      if (response.status === 400 || response.status === 401 || response.status === 404) return undefined;
      if (!response.ok && response.status !== 409) throw new Error(`answer link: HTTP ${response.status}`);
      return AnswerLinkState.parse(await response.json());
    },
    enabled: token !== "",
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** OpenStreetMap at a position with a marker (opens the map app on most phones). */
export function mapLink(location: { lat: number; lon: number }): string {
  const { lat, lon } = location;
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** A `geo:` URI (RFC 5870): the phone's own map app. */
export function geoLink(location: { lat: number; lon: number }): string {
  return `geo:${location.lat},${location.lon}`;
}

/**
 * The lead's escalation: the next people on the list are called now. `seenCalled` is the number
 * called as the board showed it, so a repeated click never calls a second batch (409 instead).
 */
export function useEscalate(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ activationId, body }: { activationId: string; body: EscalateBody }) =>
      request(servicePath("activation", `/activations/${activationId}/escalate`), EscalationResult, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The lead moves the meeting place; the service texts it to everyone who has accepted. */
export function useChangeMeetingPlace(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ activationId, body }: { activationId: string; body: ChangeMeetingPlaceBody }) =>
      request(servicePath("activation", `/activations/${activationId}/meeting-place`), MeetingPlaceChange, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The signed-in person's own accepted call-outs, each with where to go ("Mitt uppdrag"). */
export function useMyAssignments(picture: FullRegionalPicture | undefined, enabled = true) {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  useEffect(() => {
    if (position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: ["activation", "me", "assignments"] });
  }, [position, queryClient]);
  return useQuery({
    queryKey: ["activation", "me", "assignments"],
    queryFn: ({ signal }) => request(servicePath("activation", "/me/assignments"), MyAssignments, { signal }),
    enabled,
  });
}

/**
 * The signed-in person's own debrief offers (Laholm 3.7 "alla som deltagit i arbetet erbjudas
 * stödsamtal"), whichever organisation made them; fetched again as the picture moves on.
 */
export function useMyDebriefOffers(picture: FullRegionalPicture | undefined) {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  useEffect(() => {
    if (position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: ["activation", "me", "debrief-offers"] });
  }, [position, queryClient]);
  return useQuery({
    queryKey: ["activation", "me", "debrief-offers"],
    queryFn: ({ signal }) =>
      request(servicePath("activation", "/me/debrief-offers"), MyDebriefOffers, { signal }),
    // While an offer's SMS or e-mail is still being written, look again shortly to say how it went.
    refetchInterval: (query) => (query.state.data?.offers.some((o) => o.sentBy === null) ? 3_000 : false),
  });
}

/** The dashboard's own page for an answer link, whichever host the service put in the link. */
export function answerPagePath(answerLink: string): string {
  const url = new URL(answerLink, window.location.origin);
  const match = url.pathname.match(/\/call-outs\/([^/]+)\/answer$/);
  return match ? `/call-outs/${match[1]}/answer${url.search}` : answerLink;
}

/** Asks a neighbour's ledningsgrupp when the own one could not be reached (the call-out board offers it). */
export function useFallback(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ activationId, body }: { activationId: string; body: FallbackBody }) =>
      request(servicePath("activation", `/activations/${activationId}/fallback`), Activation, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** Ends an activation: the call-out stops and its after-work (evaluation, debriefs) begins. */
export function useCloseActivation(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (activationId: string) =>
      request(servicePath("activation", `/activations/${activationId}/close`), Activation, {
        method: "POST",
        body: {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The groups the signed-in person may activate for their organisation (the service's own rule). */
export function useMyDecisions() {
  return useQuery({
    queryKey: ["activation", "me", "decisions"],
    queryFn: ({ signal }) => request(servicePath("activation", "/me/decisions"), MyDecisions, { signal }),
    staleTime: 60_000,
  });
}
