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
    aidFlow: (from: string, to: string, people: number, stage: string) => string;
    aidStages: Record<"offered" | "accepted" | "deployed", string>;
    legend: string;
    states: Record<"none" | "management" | "deployed", string>;
    sideHeading: string;
    layers: string;
    layerNames: Record<"incidents" | "centres" | "aid", string>;
    municipality: string;
    wholeCounty: string;
    statesHeading: string;
    noActive: string;
    flowsHeading: string;
    noFlows: string;
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
  screenFailed: string;
  loading: string;
  nav: {
    label: string;
    overview: string;
    activation: string;
    mutualAid: string;
    centres: string;
    region: string;
    logbook: string;
    reports: string;
    afterWork: string;
    callLists: string;
    readiness: string;
    faith: string;
    statistics: string;
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
    fallbackHeading: string;
    fallbackIntro: string;
    fallbackReasonDefault: string;
    fallbackTo: (organisation: string) => string;
    fallbackDone: (organisation: string) => string;
    fallbackFor: (organisation: string) => string;
  };
  aid: {
    deployHeading: (asker: string, missing: number) => string;
    whoGoes: string;
    chooseSomeone: string;
    deploy: (count: number) => string;
    deployedNow: (count: number) => string;
    release: (organisation: string) => string;
    heading: string;
    requestHeading: string;
    quantity: string;
    askWhom: string;
    askWhomMissing: string;
    wholeCounty: string;
    task: string;
    taskHint: string;
    place: string;
    from: string;
    to: string;
    send: string;
    sent: string;
    oursHeading: string;
    theirsHeading: string;
    countyHeading: string;
    none: string;
    requestTitle: (asker: string, quantity: number, incident: string) => string;
    askedOf: (whom: string) => string;
    progress: (accepted: number, quantity: number) => string;
    noOffers: string;
    offersOf: (asker: string) => string;
    offer: (organisation: string, quantity: number) => string;
    offered: string;
    accepted: string;
    accept: (organisation: string, quantity: number) => string;
    offerHeading: (asker: string) => string;
    offerQuantity: string;
    note: string;
    sendOffer: string;
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
  logbook: {
    heading: string;
    book: string;
    books: { ledningsgrupp: string; personal: string };
    appendHeading: string;
    correctionHeading: string;
    correcting: (text: string) => string;
    cancelCorrection: string;
    text: string;
    textRequired: string;
    append: string;
    saveCorrection: string;
    entries: string;
    none: string;
    correctionOf: string;
    corrected: string;
    correct: string;
    correctEntry: (text: string) => string;
  };
  reports: {
    heading: string;
    noExtraordinary: string;
    formHeading: string;
    sections: Record<
      "situation" | "consequences" | "actionsTaken" | "supportCentres" | "resourcesAndNeeds",
      string
    >;
    situationRequired: string;
    nextReportDue: string;
    submit: string;
    submitted: (version: number) => string;
    versions: string;
    noVersions: string;
    version: (version: number) => string;
    receivedHeading: string;
    overdueCount: (count: number) => string;
    noneExpected: string;
    latest: string;
    due: string;
    notReceived: string;
  };
  afterWork: {
    heading: string;
    noActivations: string;
    activation: string;
    participants: string;
    noParticipants: string;
    hours: string;
    debrief: string;
    debriefStatuses: Record<"not-offered" | "offered" | "accepted" | "declined" | "held", string>;
    offerDebriefs: string;
    debriefsOffered: string;
    evaluationHeading: string;
    owner: string;
    due: string;
    whatHappened: string;
    whatWorked: string;
    whatToChange: string;
    lessons: string;
    lessonsHint: string;
    createEvaluation: string;
    evaluationCreated: string;
    evaluations: string;
    noEvaluations: string;
    evaluationStatuses: Record<"open" | "done", string>;
    joint: string;
  };
  callLists: {
    heading: string;
    listHeading: (group: string) => string;
    reviewedAt: string;
    empty: string;
    position: string;
    workplace: string;
    importHeading: string;
    file: string;
    fileHint: string;
    chooseFile: string;
    uploading: (percent: number) => string;
    check: string;
    import: string;
    checkedOk: (rows: number, created: number, updated: number, removed: number) => string;
    checkedErrors: (count: number) => string;
    imported: (rows: number) => string;
    errorsHeading: string;
    line: string;
    column: string;
    problem: string;
  };
  region: {
    heading: string;
    jointHeading: string;
    posom: string;
    pkl: string;
    notActivated: string;
    activatePkl: string;
    placesHeading: string;
    openAt: (place: string) => string;
    lineHeading: (centre: string) => string;
    calls: (count: number | string) => string;
    caller: string;
    lookingFor: string;
    logCall: string;
    callLogged: string;
  };
  reunification: {
    heading: string;
    intro: string;
    name: string;
    criteriaMissing: string;
    search: string;
    clear: string;
    found: (count: number) => string;
    results: string;
    present: string;
    yes: string;
    no: string;
  };
  readiness: {
    heading: string;
    caption: string;
    score: string;
    supportPersons: string;
    reviewed: string;
    gaps: string;
  };
  faith: {
    heading: string;
    filter: string;
    all: string;
    caption: string;
    name: string;
    denomination: string;
    serves: string;
    contact: string;
    languages: string;
    languagesInput: string;
    addHeading: string;
    add: string;
    added: string;
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
