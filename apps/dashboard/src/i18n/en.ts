import type { Messages } from "./messages.ts";

export const en: Messages = {
  locale: "en-GB",
  appName: "Krisstöd",
  appTitle: (countyName) => `Krisstöd – ${countyName}`,
  language: { label: "Language", sv: "Svenska", en: "English" },
  map: {
    label: (countyName) => `Map of ${countyName}`,
    boundariesFailed: "The municipal boundaries could not be loaded.",
    retry: "Try again",
  },
  incidents: {
    heading: "Ongoing incidents",
    empty: "No ongoing incidents.",
    loading: "Loading the regional picture …",
    failed: "The regional picture could not be loaded.",
    retry: "Try again",
    extraordinary: "Extraordinary event",
    kinds: {
      accident: "Accident",
      fire: "Fire",
      violence: "Violence",
      suicide: "Suicide",
      "natural-disaster": "Natural disaster",
      infrastructure: "Infrastructure disruption",
      abroad: "Incident abroad",
      other: "Other incident",
    },
    municipalities: "Municipalities",
    showOnMap: "Show on map",
    showOnMapFor: (title) => `Show ${title} on the map`,
    occurredAt: "Occurred",
  },
  connection: {
    live: "Live",
    connecting: "Connecting …",
    lost: "The connection to the regional picture is lost. The map and list show the last known state while we try to reconnect.",
  },
};
