import type {
  ActivationStatus,
  CallOutStatus,
  CentreOperator,
  IncidentKind,
  ReadinessLevel,
  Role,
  RosterGroup,
} from "@krisstod/contracts";

/** Every text the dashboard shows; one catalogue per language (sv.ts first, en.ts second). */
export interface Messages {
  /** BCP 47 tag for dates and times. */
  locale: string;
  appName: string;
  appTitle: (countyName: string) => string;
  language: { label: string; sv: string; en: string };
  map: {
    centre: (name: string, operator: string, present: string) => string;
    label: (countyName: string) => string;
    boundariesFailed: string;
    retry: string;
  };
  incidents: {
    heading: string;
    empty: string;
    loading: string;
    failed: string;
    retry: string;
    extraordinary: string;
    kinds: Record<IncidentKind, string>;
    municipalities: string;
    occurredAt: string;
    showOnMap: string;
    /** The button's accessible name: says which incident. */
    showOnMapFor: (title: string) => string;
  };
  roles: Record<Role, string>;
  loading: string;
  nav: {
    label: string;
    overview: string;
    activation: string;
    statistics: string;
    centres: string;
    notFound: string;
  };
  overview: {
    centresHeading: string;
    noCentres: string;
    centre: string;
    operator: string;
    present: string;
    operators: Record<CentreOperator, string>;
    readinessHeading: string;
    organisation: string;
    readiness: string;
    levels: Record<ReadinessLevel, string>;
    lastReport: string;
    nextReportDue: string;
    overdue: string;
    noReport: string;
  };
  activation: {
    heading: string;
    decideHeading: string;
    incident: string;
    noIncidents: string;
    group: string;
    groups: Record<RosterGroup, string>;
    reason: string;
    reasonHint: string;
    needed: string;
    decide: string;
    deciding: string;
    refused: (detail: string) => string;
    boardHeading: string;
    noActivation: string;
    progress: (accepted: number, needed: number) => string;
    statuses: Record<ActivationStatus, string>;
    callOutStatuses: Record<CallOutStatus, string>;
    person: string;
    answer: string;
    eta: (minutes: number) => string;
    outboxHeading: string;
    outboxEmpty: string;
    openAnswerLink: (name: string) => string;
    to: string;
  };
  centres: {
    heading: string;
    createHeading: string;
    name: string;
    nameHint: string;
    latitude: string;
    longitude: string;
    locationHint: string;
    capacity: string;
    create: string;
    listHeading: string;
    none: string;
    statuses: Record<"planned" | "open" | "closed", string>;
    open: (name: string) => string;
    close: (name: string) => string;
    occupancy: (present: number | string, capacity: number) => string;
    failed: (detail: string) => string;
    registerHeading: (centre: string) => string;
    visitorName: string;
    personnummer: string;
    personnummerHint: string;
    dateOfBirth: string;
    identityRequired: string;
    nameRequired: string;
    personnummerShape: string;
    personnummerInvalid: string;
    relation: string;
    relations: Record<"affected" | "relative" | "witness" | "other", string>;
    phone: string;
    register: string;
    anonymous: string;
    registered: string;
    anonymousRegistered: string;
  };
  answer: {
    heading: string;
    intro: string;
    eta: string;
    accept: string;
    decline: string;
    accepted: string;
    declined: string;
    alreadyAnswered: string;
    invalidLink: string;
    failed: string;
  };
  statistics: {
    heading: (year: number) => string;
    year: string;
    activationsByMonth: string;
    activationsByOrganisation: string;
    posom: string;
    pkl: string;
    months: readonly string[];
    table: string;
    peopleDeployed: string;
    hours: string;
    costs: string;
    visitors: string;
    noData: string;
    failed: string;
  };
  auth: {
    signInHeading: string;
    /** Says that this is the development issuer, not a real sign-in. */
    demoNotice: string;
    loadingUsers: string;
    usersFailed: string;
    retry: string;
    signInAs: (name: string, role: string, organisation: string) => string;
    signingIn: string;
    signInFailed: string;
    signedInAs: string;
    signOut: string;
    expired: string;
    refused: string;
  };
  connection: {
    live: string;
    connecting: string;
    lost: string;
  };
}
