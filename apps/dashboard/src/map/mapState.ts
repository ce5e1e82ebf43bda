import type { FullRegionalPicture, PictureMutualAid } from "@krisstod/contracts";

/** A municipality's state on the map: nothing going on, its ledningsgrupp active, or support persons out. */
export type MunicipalityState = "none" | "management" | "deployed";

const rank: Record<MunicipalityState, number> = { none: 0, management: 1, deployed: 2 };

/**
 * Each municipality's state from the picture's activations (ongoing ones) and mutual aid (people
 * deployed to it). Keyed by the four-digit municipality code.
 */
export function municipalityStates(picture: FullRegionalPicture | undefined): Map<string, MunicipalityState> {
  const states = new Map<string, MunicipalityState>();
  const raise = (organisationId: string, state: MunicipalityState) => {
    if (!organisationId.startsWith("kommun-")) return;
    const code = organisationId.slice(7);
    if (rank[state] > rank[states.get(code) ?? "none"]) states.set(code, state);
  };
  for (const activation of picture?.activations ?? []) {
    if (activation.status === "closed") continue;
    if (activation.group === "support-persons" && activation.counts.accepted > 0) {
      raise(activation.organisationId, "deployed");
    } else if (activation.group === "management") {
      raise(activation.organisationId, "management");
    }
  }
  for (const aid of picture?.mutualAid ?? []) {
    if (aid.offers.some((o) => o.deployed > 0)) raise(aid.requestingOrganisationId, "deployed");
  }
  return states;
}

/** One arrow: people going from one organisation to another under mutual aid. */
export interface AidFlow {
  id: string;
  from: string;
  to: string;
  /** People deployed now, or the number accepted/offered before anyone is out. */
  people: number;
  stage: "offered" | "accepted" | "deployed";
}

/** Every offer of every mutual-aid request as a flow from the offering to the asking organisation. */
export function aidFlows(mutualAid: readonly PictureMutualAid[] | undefined): AidFlow[] {
  return (mutualAid ?? []).flatMap((aid) =>
    aid.offers
      .filter((offer) => offer.deployed > 0 || offer.released === 0)
      .map((offer) => ({
        id: offer.offerId,
        from: offer.organisationId,
        to: aid.requestingOrganisationId,
        people: offer.deployed > 0 ? offer.deployed : offer.quantity,
        stage:
          offer.deployed > 0
            ? ("deployed" as const)
            : offer.accepted
              ? ("accepted" as const)
              : ("offered" as const),
      })),
  );
}
