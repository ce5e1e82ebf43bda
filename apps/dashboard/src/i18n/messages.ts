import type {
  ActivationStatus,
  AuditTrailProblem,
  CallOutStatus,
  CentreOperator,
  FaithRequestDecision,
  IncidentKind,
  ReadinessGapCode,
  ReadinessLevel,
  Role,
  RosterGroup,
  ServiceName,
  YearlyDuty,
} from "@krisstod/contracts";
import type { WorkMessages } from "./work.ts";

/** The figures of one readiness gap, by name. */
export type GapValues = Readonly<Record<string, string | number | undefined>>;

/** Every text the dashboard shows; one catalogue per language (sv.ts first, en.ts second). */
export interface Messages {
  /** BCP 47 tag for dates and times. */
  locale: string;
  appName: string;
  appTitle: (countyName: string) => string;
  /** The browser tab's title for one screen (WCAG 2.4.2). */
  pageTitle: (page: string) => string;
  /** The first link on every signed-in page: past the header and the menu (WCAG 2.4.1). */
  skipToContent: string;
  language: { label: string; sv: string; en: string };
  map: {
    aidFlow: (from: string, to: string, people: number, stage: string) => string;
    aidStages: Record<"offered" | "accepted" | "deployed", string>;
    legend: string;
    states: Record<"none" | "management" | "deployed", string>;
    /** The legend's explanation of each symbol on the map. */
    symbols: {
      border: string;
      seat: string;
      town: string;
      incident: (kind: string) => string;
      centre: (operator: string) => string;
      aid: string;
      cluster: string;
    };
    /** Credits for the data drawn on the map (boundaries, towns). */
    attribution: string;
    /** A clicked point described in words, by the nearest town. */
    near: (town: string) => string;
    sideHeading: string;
    layers: string;
    layerNames: Record<"incidents" | "centres" | "aid", string>;
    municipality: string;
    wholeCounty: string;
    statesHeading: string;
    /** A municipality of another county working in this one (a fallback across the border). */
    fromOtherCounty: (name: string) => string;
    noActive: string;
    flowsHeading: string;
    noFlows: string;
    centre: (name: string, operator: string, present: string) => string;
    label: (countyName: string) => string;
    boundariesFailed: string;
    retry: string;
    /** The map's zoom buttons (Leaflet names them in English). */
    zoomIn: string;
    zoomOut: string;
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
    /** The button's accessible name: says which incident, after the visible text (WCAG 2.5.3). */
    showOnMapFor: (title: string) => string;
  };
  roles: Record<Role, string>;
  screenFailed: string;
  loading: string;
  nav: {
    label: string;
    national: string;
    overview: string;
    incidents: string;
    mine: string;
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
    audit: string;
    settings: string;
    notFound: string;
  };
  overview: {
    centresHeading: string;
    noCentres: string;
    centre: string;
    operator: string;
    present: string;
    /** Beside another organisation's counts: the tick of the occupancy clock they were published at. */
    countsSince: (time: string) => string;
    operators: Record<CentreOperator, string>;
    readinessHeading: string;
    organisation: string;
    readiness: string;
    levels: Record<ReadinessLevel, string>;
    lastReport: string;
    nextReportDue: string;
    overdue: string;
    noReport: string;
    alarmHeading: string;
    noAlarmRoute: string;
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
    consultedWith: string;
    consultedWithHint: Record<"support-persons" | "pkl", string>;
    chiefUnreachable: string;
    chiefUnreachableRecorded: string;
    chiefUnreachableHint: string;
    /** An incident of another county the organisation's group was called to as a fallback. */
    calledAcrossBorder: (title: string) => string;
    briefing: {
      heading: string;
      subordinate: string;
      ownWork: string;
      latestReport: (version: number) => string;
      noReport: string;
      situation: string;
      needs: string;
      activations: string;
      centres: string;
      aidRequests: string;
      aidRequest: (quantity: number, accepted: number) => string;
      none: string;
    };
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
    fallbackAlarmRoutes: string;
    fallbackIntro: string;
    fallbackReasonDefault: string;
    fallbackTo: (organisation: string) => string;
    fallbackDone: (organisation: string) => string;
    fallbackFor: (organisation: string) => string;
    meetingPlace: string;
    meetingPlaceInput: string;
    meetingPlaceHint: string;
    callCounts: (called: number, awaiting: number, queued: number) => string;
    escalate: string;
    escalating: string;
    escalated: (count: number) => string;
    escalateRefused: (detail: string) => string;
    nobodyLeft: string;
    changeMeetingPlace: string;
    newMeetingPlace: string;
    newMeetingPlaceHint: string;
    saveMeetingPlace: string;
    savingMeetingPlace: string;
    meetingPlaceSaved: (told: number) => string;
    meetingPlaceRefused: (detail: string) => string;
    /** Enköping "Vid en långvarig kris behöver aktiva lösas av"; Laholm 3.2 "uppsamling och stödjande samtal". */
    onDutySince: string;
    relievedCount: (count: number) => string;
    relieve: (name: string) => string;
    reliefHeading: (name: string) => string;
    gathering: string;
    gatheringHint: string;
    replace: string;
    replaceHint: string;
    confirmRelief: string;
    relieving: string;
    relieved: (name: string, called: number) => string;
    reliefRefused: (detail: string) => string;
    cancel: string;
    /** Laholm 3.3: a task from the ledningsgrupp to one person on duty. */
    taskButton: (name: string) => string;
    taskHeading: (name: string) => string;
    task: string;
    taskHint: string;
    giveTask: string;
    taskGiven: (name: string) => string;
    taskTakenBack: string;
    taskShown: string;
  };
  /** Halland "Kontakter med Region Halland sker via TIB": requests to the region and the TIB's answers. */
  regionContact: {
    heading: string;
    intro: string;
    formHeading: string;
    competence: string;
    competences: Record<"bup" | "adult-psychiatry" | "pkl", string>;
    quantity: string;
    message: string;
    messageHint: string;
    send: string;
    sent: string;
    invalid: string;
    none: string;
    inboxHeading: string;
    inboxNone: string;
    from: (organisation: string) => string;
    asked: (quantity: number, competence: string) => string;
    open: string;
    answered: string;
    decision: string;
    decisions: Record<"will-send" | "cannot", string>;
    answer: string;
    answerLabel: string;
    answerFor: (organisation: string, incident: string) => string;
  };
  /** Halland "Kontakter med trossamfund kan fås via Länsstyrelsens TiB": asked and answered. */
  faithContact: {
    heading: string;
    intro: string;
    noIncident: string;
    formHeading: string;
    need: string;
    needHint: string;
    needRequired: string;
    convene: string;
    conveneAsked: string;
    send: string;
    sent: string;
    none: string;
    inboxHeading: string;
    inboxNone: string;
    from: (organisation: string) => string;
    open: string;
    answered: string;
    decision: string;
    decisions: Record<FaithRequestDecision, string>;
    answer: string;
    answerLabel: string;
    answerHint: string;
    answerFor: (organisation: string, incident: string) => string;
  };
  aid: {
    deployHeading: (asker: string, missing: number) => string;
    whoGoes: string;
    chooseSomeone: string;
    deploy: (count: number) => string;
    deployedNow: (count: number) => string;
    /** What another county's deployment reported of the people it sent: counts only. */
    staffing: (organisation: string, onSite: number, released: number) => string;
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
    /** Everyone sent has been released. */
    ended: string;
    accept: (organisation: string, quantity: number) => string;
    offerHeading: (asker: string) => string;
    offerQuantity: string;
    note: string;
    sendOffer: string;
    /** The asked organisation cannot help. */
    declined: string;
    decline: (asker: string) => string;
    /** Whom to call about the request (the asking lead). */
    contact: (who: string) => string;
    /** Who leads the people offered. */
    lead: (who: string) => string;
    /** The request came from another county's deployment, over the national hub. */
    remote: string;
  };
  centres: {
    heading: string;
    createHeading: string;
    name: string;
    nameHint: string;
    location: string;
    chosenAddress: (address: string) => string;
    locationHint: string;
    capacity: string;
    create: string;
    listHeading: string;
    none: string;
    statuses: Record<"planned" | "open" | "closed", string>;
    open: (name: string) => string;
    close: (name: string) => string;
    occupancy: (present: number | string, capacity: number) => string;
    /** Halland "i närområdet, dock inte i direkt anslutning till … en olycksplats": how far from the scene. */
    fromScene: (metres: number) => string;
    /** The scene was not known when the centre was planned: its distance was not checked. */
    sceneUnknown: string;
    /** A joint centre's named co-operator and its answer (it opens only once accepted). */
    partnership: (organisation: string, status: "pending" | "accepted" | "declined") => string;
    /** To the named co-operator: who asks it to run the centre jointly. */
    partnershipRequest: (organisation: string) => string;
    acceptPartnership: (centre: string) => string;
    declinePartnership: (centre: string) => string;
    /** Premises prepared in advance (Laholm 3.2). */
    preparedPlace: string;
    /** Information to affected people in their language, shown and printed at the centre. */
    affectedInformation: (centre: string) => string;
    affectedLanguage: string;
    /** Halland: adapted information for children and for people with special needs. */
    affectedAudience: string;
    affectedAudiences: Record<"everyone" | "children" | "easy-read", string>;
    printInformation: string;
    hideInformation: string;
    noPreparedPlace: string;
    equipmentThere: (list: string) => string;
    /** The cooperation the guideline names when a centre is established (Halland, Stödcentrum). */
    cooperationHeading: string;
    cooperationPartners: Record<"police" | "faith-communities" | "voluntary-organisations", string>;
    cooperationStatuses: Record<"to-consider" | "contacted" | "not-needed", string>;
    viaLansstyrelsenTib: string;
    markContacted: (partner: string) => string;
    markNotNeeded: (partner: string) => string;
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
    /** Halland: "proaktiv uppföljning"; only those who agree are on the follow-up list. */
    consentToFollowUp: string;
    childAge: string;
    childAgeHint: string;
    childAgeInvalid: string;
    guardian: string;
    noGuardian: string;
    /** A centre run together with the other side (Halland: "kan öppnas gemensamt av POSOM och PKL"). */
    jointWith: string;
    notJoint: string;
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
    /** A record of help the organisation gave another county's deployment (not its own activation). */
    aidGiven: string;
    /** A helper sent under mutual aid: named by their organisation, whose roster holds the name. */
    helperFrom: (organisation: string, ref: string) => string;
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
  /** Laholm 3.2 "operativ handlingsplan"; Lekeberg "handlingsplan, checklistor": kept and worked through. */
  actionPlan: {
    heading: string;
    intro: string;
    none: string;
    reviewedAt: string;
    steps: string;
    stepsHint: string;
    stepsRequired: string;
    save: string;
    confirm: string;
    saved: string;
    checklistHeading: string;
    done: string;
    markDone: (step: string) => string;
  };
  callLists: {
    heading: string;
    contactHeading: string;
    contactHint: string;
    contactPhone: string;
    contactEmail: string;
    contactNote: string;
    contactSave: string;
    contactSaved: string;
    alarmHeading: string;
    alarmHint: string;
    alarmNote: string;
    /** Laholm 3.1: whom the ledningsgrupp is to have a representative from. */
    compositionHeading: string;
    compositionHint: string;
    compositionLabel: string;
    compositionLabelHint: string;
    compositionSave: string;
    compositionSaved: string;
    listHeading: (group: string) => string;
    reviewedAt: string;
    empty: string;
    position: string;
    workplace: string;
    importHeading: string;
    file: string;
    fileHint: string;
    chooseFile: string;
    fileKind: string;
    uploading: (percent: number) => string;
    reading: string;
    progressDone: (rows: number) => string;
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
    accepted: (count: number) => string;
    /** PKL at work through open centres, with no PKL activation recorded. */
    pklCentresOpen: (count: number) => string;
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
    /**
     * Each gap said from its figures (the roster's `values`, named per code in its compute.ts),
     * so it reads in the user's language rather than the roster's Swedish `message`.
     */
    gapTexts: Record<ReadinessGapCode, (values: GapValues) => string>;
    /** Buttons recording a yearly duty as done today. */
    dutyDone: Record<YearlyDuty, string>;
    /** The form recording a duty as done on a given day. */
    recordHeading: string;
    duty: string;
    dutyNames: Record<YearlyDuty, string>;
    doneOn: string;
    record: string;
    recorded: string;
    /** Halland: Länsstyrelsen convenes the network's meetings, twice a year. */
    networkHeading: string;
    networkNone: string;
    networkRecordHeading: string;
    networkHeldOn: string;
    networkAttended: string;
    networkAttendedRequired: string;
    networkNote: string;
    networkGuidelineReviewed: string;
    networkGuidelineReviewedShort: string;
    networkRecord: string;
    networkRecorded: string;
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
    exercise: string;
    exerciseText: string;
    introFor: (group: string) => string;
    incident: string;
    alreadyAccepted: string;
    alreadyDeclined: string;
    /** The lead has relieved them of duty since they said yes. */
    relieved: string;
    whereHeading: string;
    meetingPlace: string;
    meetingPlaceUnknown: string;
    openMap: string;
    openMapApp: string;
    /** Laholm 3.3: the task the ledningsgrupp gave the person. */
    yourTask: string;
    /** Laholm 3.5: a POSOM call-out goes before one's ordinary duties; tell the manager. */
    beforeOrdinaryDuties: string;
    /** Enköping: support persons at work keep their own logbook. */
    keepLogbook: string;
  };
  /** "Mitt uppdrag": a support person's own accepted call-outs and logbook. */
  mine: {
    heading: string;
    none: string;
    /** Centre staff on no call list: no debrief offer has come yet. */
    noDebriefOffers: string;
    notInRoster: string;
    closed: string;
    acceptedAt: string;
    /** Relieved of duty by the lead: thanks, and the gathering for a supportive talk (Laholm 3.2). */
    relieved: string;
    relievedAt: string;
    gathering: string;
    noGathering: string;
    logbookHeading: string;
    noEntries: string;
    writeLogbook: string;
    /** The evaluation's outcome, fed back to everyone who took part (Laholm 3.7). */
    outcomeHeading: string;
    outcomePending: string;
    whatWorked: string;
    whatToChange: string;
    lessons: string;
    /** Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal": the person's own offers. */
    debriefHeading: string;
    debriefOffer: (incident: string, organisation: string) => string;
    debriefVia: Record<"call-out" | "mutual-aid" | "centre-shift", string>;
    debriefSentBy: (channels: string) => string;
    debriefChannels: Record<"sms" | "email", string>;
    debriefNotSent: string;
    debriefOfferedAt: string;
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
    lessonsHeading: string;
    lessonsIntro: string;
    lesson: string;
    lessonOrganisations: string;
    lessonRecorded: string;
    jointEvaluation: string;
    /** Enköping: "Erfarenheter och lärdomar införs i de rutiner och instruktioner som finns". */
    lessonInPlan: string;
    lessonAddToPlan: string;
    lessonAddedToPlan: string;
    noLessons: string;
    loadingLessons: string;
  };
  /** After-work records: hours per participant, costs, the activation's summary, evaluation done. */
  afterWorkRecord: {
    nameHint: string;
    hoursOutside: string;
    hoursHeading: string;
    participant: string;
    hours: string;
    hoursOutsideInput: string;
    decimalHint: string;
    hoursInvalid: string;
    outsideInvalid: string;
    saveHours: string;
    hoursSaved: (name: string) => string;
    costHeading: string;
    category: string;
    categories: Record<"premises" | "food" | "transport" | "other", string>;
    amount: string;
    amountInvalid: string;
    note: string;
    saveCost: string;
    costSaved: string;
    summaryHeading: string;
    participants: string;
    hoursTotal: string;
    hoursOutsideTotal: string;
    /** Hours the support centres' shifts brought in (computed at check-out, not typed). */
    hoursFromShifts: (shifts: number) => string;
    costsTotal: string;
    debriefs: string;
    /** The summary's debrief counts by state, under `debriefs` (all offered). */
    debriefsWaiting: string;
    debriefsAccepted: string;
    debriefsDeclined: string;
    debriefsHeld: string;
    /** The participants table's column where the lead records each debrief's outcome. */
    debriefRecord: string;
    /** Button texts: the person accepted, declined, or the debrief was held. */
    debriefOutcomes: Record<"accepted" | "declined" | "held", string>;
    /** A button's accessible name: the visible text first, then whose debrief (WCAG 2.5.3). */
    debriefOutcomeFor: (outcome: string, name: string) => string;
    heldDate: (name: string) => string;
    heldDateInvalid: string;
    heldOn: (date: string) => string;
    debriefSaved: (name: string, status: string) => string;
    /** Referral to occupational health (företagshälsovården, Laholm 3.7). */
    referToOccupationalHealth: (name: string) => string;
    referredToOccupationalHealth: (date: string) => string;
    noSummary: string;
    markDone: (owner: string) => string;
    markDoneText: string;
    completed: string;
    markedDone: string;
  };
  /** Shifts at a support centre, and language help for a visitor. */
  staffing: {
    heading: (centre: string) => string;
    planHeading: (centre: string) => string;
    person: string;
    choosePerson: string;
    personRequired: string;
    peopleFailed: (detail: string) => string;
    start: string;
    end: string;
    timeHint: string;
    timeInvalid: string;
    endBeforeStart: string;
    plan: string;
    planned: string;
    shifts: (centre: string) => string;
    noShifts: string;
    plannedTime: string;
    checkedIn: string;
    checkedOut: string;
    worked: string;
    outsideOrdinary: (duration: string) => string;
    notYet: string;
    clockTime: string;
    clockTimeHint: string;
    checkIn: (name: string) => string;
    checkOut: (name: string) => string;
    checkInText: string;
    checkOutText: string;
    clockColumn: string;
    duration: (hours: number, minutes: number) => string;
    viaMutualAid: string;
    language: string;
    noLanguageNeed: string;
    languageHelpHeading: string;
    languageNeed: (language: string) => string;
    findHelp: (language: string) => string;
    onShift: string;
    inOrganisation: string;
    available: string;
    unavailable: string;
    interpreter: (language: string) => string;
    languageNeedsHeading: string;
    showLanguageNeeds: string;
    refreshLanguageNeeds: string;
    noLanguageNeeds: string;
    languageNeedLine: (language: string, visitors: number, speakers: number) => string;
  };
  /** Länsstyrelsen edits and removes faith-community contacts. */
  faithEdit: {
    actions: string;
    edit: (name: string) => string;
    editText: string;
    remove: (name: string) => string;
    removeText: string;
    editHeading: (name: string) => string;
    save: string;
    cancel: string;
    saved: string;
    confirmHeading: string;
    confirmText: (name: string) => string;
    confirmRemove: string;
    removed: (name: string) => string;
  };
  auth: {
    signInHeading: string;
    /** Where signing in happens (the organisation's identity provider). */
    intro: string;
    /** While a stored sign-in is checked or renewed after a reload. */
    starting: string;
    signIn: string;
    /** The button after a failed sign-in: a fresh attempt from the overview. */
    startOver: string;
    signedInAs: string;
    signOut: string;
    expired: string;
    refused: string;
    issuerUnreachable: string;
    /** The issuer's answer did not match (wrong state) or was used before (a replayed code). */
    badCallback: string;
    notConfigured: string;
  };
  connection: {
    live: string;
    connecting: string;
    lost: string;
  };
  /** The working screens of issue 20 and the error codes' translations (work.ts). */
  work: WorkMessages;
  /** A form field's error, from the contract's rules (src/forms/issueText.ts) or a refusal. */
  forms: {
    required: string;
    minLength: (n: number) => string;
    maxLength: (n: number) => string;
    min: (n: number) => string;
    max: (n: number) => string;
    minItems: (n: number) => string;
    maxItems: (n: number) => string;
    whole: string;
    invalid: string;
    /** The service named this field in its refusal (its own English words are not shown). */
    refused: string;
    /** A time window whose end is not after its start. */
    endAfterStart: string;
    /** A place (a centre's, premises') not chosen yet. */
    choosePlace: string;
  };
  /** Premises prepared in advance and opening a centre in one (Laholm 3.2, /centre-templates). */
  premises: {
    heading: string;
    intro: string;
    caption: string;
    none: string;
    name: string;
    place: string;
    equipment: string;
    equipmentHint: string;
    actions: string;
    forIncident: string;
    add: string;
    edit: (name: string) => string;
    save: string;
    cancel: string;
    openHere: (name: string) => string;
    opened: (name: string) => string;
  };
  /** The county's settings of the numbers the guidelines do not give (GET/PUT /county-settings). */
  settings: {
    heading: string;
    intro: string;
    services: Record<"roster" | "support-centres" | "reporting", string>;
    setting: string;
    value: string;
    defaultValue: string;
    source: string;
    /** The mark on every setting: a local choice, not the guideline's. */
    local: string;
    /** Followed by the time of the change. */
    changedBy: (name: string) => string;
    neverChanged: string;
    readOnly: string;
    save: (service: string) => string;
    saving: string;
    saved: string;
  };
  /** The organisation admin's audit screen and alert (GET /audit/status, /verify, /export). */
  audit: {
    heading: string;
    intro: string;
    caption: string;
    services: Record<ServiceName, string>;
    service: string;
    result: string;
    verifiedRows: string;
    checkpoints: string;
    checkedAt: string;
    ok: string;
    broken: (seq: number | null, why: string) => string;
    /** What each of the verifier's problem codes means (AuditTrailProblem). */
    problems: Record<AuditTrailProblem, string>;
    notChecked: string;
    noKey: string;
    coveredTo: (seq: number, notYet: number) => string;
    noCheckpoints: string;
    check: string;
    verifyNow: (service: string) => string;
    verifying: string;
    exportHeading: string;
    exportIntro: string;
    from: string;
    to: string;
    download: (service: string) => string;
    /** The banner every screen shows the admin while a trail is broken. */
    alert: (services: string) => string;
    alertLink: string;
  };
  /** MSB's national picture (#23): every county's counts, and how old each county's data is. */
  national: {
    country: string;
    heading: string;
    intro: string;
    caption: string;
    county: string;
    organisation: string;
    incidentsOpen: string;
    activationsUnderWay: string;
    peopleAccepted: string;
    centresOpen: string;
    visitorsPresent: string;
    lastEvent: string;
    linkSilent: string;
    /** How long the hub has heard nothing from the county's link, e.g. "2 min 5 s". */
    silentFor: (seconds: number) => string;
    unknown: string;
    none: string;
    stale: string;
    total: string;
    organisationsOf: (county: string) => string;
  };
}
