import type { Messages } from "./messages.ts";

export const sv: Messages = {
  locale: "sv-SE",
  appName: "Krisstöd",
  appTitle: (countyName) => `Krisstöd – ${countyName}`,
  language: { label: "Språk", sv: "Svenska", en: "English" },
  map: {
    label: (countyName) => `Karta över ${countyName}`,
    boundariesFailed: "Kommungränserna kunde inte läsas in.",
    retry: "Försök igen",
  },
  incidents: {
    heading: "Pågående händelser",
    empty: "Inga pågående händelser.",
    loading: "Hämtar lägesbilden …",
    failed: "Lägesbilden kunde inte hämtas.",
    retry: "Försök igen",
    extraordinary: "Extraordinär händelse",
    kinds: {
      accident: "Olycka",
      fire: "Brand",
      violence: "Våld",
      suicide: "Suicid",
      "natural-disaster": "Naturkatastrof",
      infrastructure: "Störning i infrastruktur",
      abroad: "Händelse utomlands",
      other: "Annan händelse",
    },
    municipalities: "Kommuner",
    showOnMap: "Visa på kartan",
    showOnMapFor: (title) => `Visa ${title} på kartan`,
    occurredAt: "Inträffade",
  },
  connection: {
    live: "Uppdateras direkt",
    connecting: "Ansluter …",
    lost: "Förbindelsen med lägesbilden är bruten. Kartan och listan visar senast kända läge medan vi försöker ansluta igen.",
  },
};
