/**
 * Texts of the working screens added for issue 20 (incidents, closing, visitors present,
 * received situation reports) and the translations of the services' error codes. A catalogue of
 * its own beside messages.ts, one per language (work.sv.ts first, work.en.ts second).
 */
export interface WorkMessages {
  incidents: {
    heading: string;
    openHeading: string;
    title: string;
    titleRequired: string;
    kind: string;
    occurredAt: string;
    description: string;
    placeHeading: string;
    placeSearch: string;
    placeSearchHint: string;
    placeMatches: string;
    noPlaceMatch: string;
    choosePlace: (name: string) => string;
    mapLabel: string;
    mapHint: string;
    chosenPlace: (lat: string, lon: string) => string;
    noPlace: string;
    placeRequired: string;
    address: string;
    /** Laholm 1.2 "på annan ort/land": an incident abroad, placed where those affected live. */
    abroadHint: string;
    /** Halland: "På regional nivå finns en särskild plan för pågående dödligt våld." */
    violencePlanHint: string;
    abroadPlace: string;
    abroadPlaceRequired: string;
    municipalities: string;
    municipalitiesRequired: string;
    extraordinary: string;
    extraordinaryHint: string;
    crisisManagement: string;
    /** Laholm 3.1: a police commander activates "i samband med polisiär insats". */
    policeOperation: string;
    exercise: string;
    exerciseHint: string;
    open: string;
    opening: string;
    opened: (title: string) => string;
    oursHeading: string;
    none: string;
    change: string;
    edit: (title: string) => string;
    editHeading: (title: string) => string;
    save: string;
    saving: string;
    saved: (title: string) => string;
    cancel: string;
    close: (title: string) => string;
    confirmClose: (title: string) => string;
    confirmCloseButton: string;
    closed: (title: string) => string;
    exerciseFlag: string;
    notOurs: string;
  };
  activations: {
    close: (group: string) => string;
    confirmClose: string;
    confirmCloseButton: string;
    cancel: string;
    closed: string;
    waitForManagement: string;
    cannotDecide: string;
  };
  visitors: {
    presentHeading: (centre: string) => string;
    none: string;
    name: string;
    arrived: string;
    relation: string;
    child: string;
    anonymous: string;
    depart: (name: string) => string;
    departed: (name: string) => string;
    actions: string;
    childByHandover: string;
    unaccompanied: string;
    guardian: string;
    linkGuardian: (child: string) => string;
    guardianLinked: (child: string) => string;
    handoverHeading: (child: string) => string;
    handedToName: string;
    handedToRelation: string;
    verifiedHow: string;
    verifications: Record<"id-document" | "known-to-staff" | "police-confirmed" | "other", string>;
    handOver: string;
    handedOver: (child: string) => string;
    referHeading: string;
    referWho: string;
    referTo: string;
    refer: string;
    referred: (visitor: string, destination: string) => string;
    referredTo: (destinations: string) => string;
    destinations: Record<
      | "primary-care"
      | "psychiatry"
      | "child-psychiatry"
      | "social-services"
      | "occupational-health"
      | "faith-community"
      | "other",
      string
    >;
    loading: string;
    confirmCloseCentre: (centre: string) => string;
    confirmCloseCentreButton: string;
    cancel: string;
  };
  receivedReports: {
    read: (organisation: string, incident: string) => string;
    readShort: string;
    heading: (organisation: string, incident: string) => string;
    versions: string;
    showVersion: (version: number) => string;
    shown: (version: number) => string;
    pdf: (version: number) => string;
    submittedBy: (who: string) => string;
    closeReport: string;
  };
  problems: {
    /** Per stable error code (the services' problem+json `code`). */
    codes: Readonly<Record<string, string>>;
    /** When the code is unknown to this version of the dashboard. */
    byStatus: (status: number) => string;
    fields: (fields: string) => string;
    /** Names of the request fields a refusal can name (fields.sv.ts), by the field's key. */
    fieldNames: Readonly<Record<string, string>>;
    network: string;
    unexpected: string;
  };
}
