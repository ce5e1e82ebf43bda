import type {
  AnswerBody,
  Assignment,
  ChangeMeetingPlaceBody,
  DecideActivationBody,
  EscalateBody,
  FallbackBody,
  FullRegionalPicture,
  RelieveBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorOf } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { activation, activationByLink, json, jsonOf, withSignal } from "./services.ts";

/**
 * The activations of one incident, with who was called and their answers (for the organisation's
 * own leads). Refetched whenever the live picture moves — every answer is an event that moves it —
 * so answers arrive on the board as they are given.
 */
export function useIncidentActivations(
  incidentId: string | undefined,
  picture: FullRegionalPicture | undefined,
) {
  useRefreshOnPicture(queryKeys.incidentActivations(incidentId ?? ""), picture);
  return useQuery({
    queryKey: queryKeys.incidentActivations(incidentId ?? ""),
    queryFn: ({ signal }) =>
      json(
        activation.incidents[":id"].activations.$get({ param: { id: incidentId ?? "" } }, withSignal(signal)),
      ),
    enabled: incidentId !== undefined,
  });
}

export function useDecideActivation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DecideActivationBody) => json(activation.activations.$post({ json: body })),
    onSuccess: (activation) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(activation.incidentId) }),
  });
}

/** What the development outbox "sent" for an activation: the stand-in for SMS and e-mail. */
export function useDevOutbox(activationId: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.devOutbox(activationId), picture);
  return useQuery({
    queryKey: queryKeys.devOutbox(activationId),
    queryFn: ({ signal }) =>
      json(activation.dev.outbox.$get({ query: { activationId } }, withSignal(signal))),
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
  const response = await activationByLink["call-outs"][":id"].answer.$post({
    param: { id: activationId },
    json: body,
  });
  if (response.status === 409) return { outcome: "already-answered" };
  if (response.status === 401 || response.status === 404) return { outcome: "invalid-link" };
  // A refused body (problem+json naming the field) is said at that field.
  if (!response.ok) throw await errorOf(response);
  const result = await jsonOf(response);
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
    queryKey: queryKeys.answerLink(activationId, token),
    queryFn: async ({ signal }) => {
      const response = await activationByLink["call-outs"][":id"].answer.$get(
        { param: { id: activationId }, query: { token } },
        withSignal(signal),
      );
      // A refused link is the error handler's problem+json, which the route's type does not list.
      const status: number = response.status;
      if (status === 400 || status === 401 || status === 404) return undefined;
      if (!response.ok && status !== 409) throw new Error(`answer link: HTTP ${status}`);
      // 409: already answered, with the same body (and where to go after a yes).
      return await jsonOf(response);
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
      json(activation.activations[":id"].escalate.$post({ param: { id: activationId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/**
 * The lead relieves one person on duty (Enköping "aktiva lösas av"): the service texts them, with
 * the gathering if named, and by default calls the next on the list.
 */
/** The ledningsgrupp gives one person on duty a task (Laholm 3.3); null takes it back. */
export function useAssignTask(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      activationId,
      personId,
      task,
    }: {
      activationId: string;
      personId: string;
      task: string | null;
    }) =>
      json(
        activation.activations[":id"]["call-outs"][":personId"].task.$put({
          param: { id: activationId, personId },
          json: { task },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

export function useRelieve(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      activationId,
      personId,
      body,
    }: {
      activationId: string;
      personId: string;
      body: RelieveBody;
    }) =>
      json(
        activation.activations[":id"]["call-outs"][":personId"].relieve.$post({
          param: { id: activationId, personId },
          json: body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The lead moves the meeting place; the service texts it to everyone who has accepted. */
export function useChangeMeetingPlace(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ activationId, body }: { activationId: string; body: ChangeMeetingPlaceBody }) =>
      json(activation.activations[":id"]["meeting-place"].$post({ param: { id: activationId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The signed-in person's own accepted call-outs, each with where to go ("Mitt uppdrag"). */
export function useMyAssignments(picture: FullRegionalPicture | undefined, enabled = true) {
  useRefreshOnPicture(queryKeys.myAssignments(), picture);
  return useQuery({
    queryKey: queryKeys.myAssignments(),
    queryFn: ({ signal }) => json(activation.me.assignments.$get({}, withSignal(signal))),
    enabled,
  });
}

/**
 * The signed-in person's own debrief offers (Laholm 3.7 "alla som deltagit i arbetet erbjudas
 * stödsamtal"), whichever organisation made them; fetched again as the picture moves on.
 */
export function useMyDebriefOffers(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.myDebriefOffers(), picture);
  return useQuery({
    queryKey: queryKeys.myDebriefOffers(),
    queryFn: ({ signal }) => json(activation.me["debrief-offers"].$get({}, withSignal(signal))),
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
      json(activation.activations[":id"].fallback.$post({ param: { id: activationId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** Ends an activation: the call-out stops and its after-work (evaluation, debriefs) begins. */
export function useCloseActivation(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (activationId: string) =>
      json(activation.activations[":id"].close.$post({ param: { id: activationId }, json: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incidentId) }),
  });
}

/** The groups the signed-in person may activate for their organisation (the service's own rule). */
export function useMyDecisions() {
  return useQuery({
    queryKey: queryKeys.myDecisions(),
    queryFn: ({ signal }) => json(activation.me.decisions.$get({}, withSignal(signal))),
    staleTime: 60_000,
  });
}
