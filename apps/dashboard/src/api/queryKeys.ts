/**
 * Every TanStack Query key of the dashboard, so that a hook that patches or invalidates a cache
 * entry names it the same way as the hook that reads it.
 */
export const queryKeys = {
  picture: (countyCode: string) => ["reporting", "picture", countyCode] as const,
  municipalities: () => ["geo", "municipalities"] as const,
  places: () => ["geo", "places"] as const,
  incident: (incidentId: string) => ["activation", "incident", incidentId] as const,
  incidentsCalledAcrossBorder: (countyCode: string) =>
    ["activation", "incidents-across-border", countyCode] as const,
  crisisManagementBriefing: (incidentId: string) =>
    ["reporting", "crisis-management-briefing", incidentId] as const,
  incidentActivations: (incidentId: string) => ["activation", "incident", incidentId, "activations"] as const,
  devOutbox: (activationId: string) => ["activation", "dev-outbox", activationId] as const,
  myAssignments: () => ["activation", "me", "assignments"] as const,
  myDebriefOffers: () => ["activation", "me", "debrief-offers"] as const,
  myDecisions: () => ["activation", "me", "decisions"] as const,
  answerLink: (activationId: string, token: string) =>
    ["activation", "answer-link", activationId, token] as const,
  centres: (countyCode: string) => ["support-centres", "centres", countyCode] as const,
  statistics: (countyCode: string, year: number) => ["reporting", "statistics", countyCode, year] as const,
  lessons: (countyCode: string) => ["reporting", "lessons", countyCode] as const,
  aidRequests: () => ["activation", "mutual-aid"] as const,
  regionRequests: () => ["activation", "region-requests"] as const,
  faithRequests: () => ["activation", "faith-requests"] as const,
  organisation: (id: string) => ["roster", "organisation", id] as const,
  organisations: (countyCode: string) => ["roster", "organisations", countyCode] as const,
  readiness: (countyCode: string) => ["roster", "readiness", countyCode] as const,
  networkMeetings: (countyCode: string) => ["roster", "network-meetings", countyCode] as const,
  callList: (organisationId: string, group: string) =>
    ["roster", "call-list", organisationId, group] as const,
  /** Every logbook of an incident (a prefix of `logbook`), to refresh them all after an entry. */
  logbooks: (incidentId: string) => ["reporting", "logbook", incidentId] as const,
  logbook: (incidentId: string, organisationId: string, logbook: string) =>
    ["reporting", "logbook", incidentId, organisationId, logbook] as const,
  situationReports: (incidentId: string) => ["reporting", "situation-reports", incidentId] as const,
  reportingStatus: (countyCode: string) => ["reporting", "situation-report-status", countyCode] as const,
  participants: (activationId: string) => ["reporting", "participants", activationId] as const,
  evaluations: () => ["reporting", "evaluations"] as const,
  evaluationOutcome: (activationId: string) => ["reporting", "evaluations", "outcome", activationId] as const,
  activationSummary: (activationId: string) => ["reporting", "activation-summary", activationId] as const,
  afterActionActivations: (organisationId: string) => ["reporting", "activations", organisationId] as const,
  people: (organisationId: string) => ["roster", "people", organisationId] as const,
  deployedPeople: (organisationId: string) => ["roster", "deployed-people", organisationId] as const,
  visitorsPresent: (centreId: string, present: number | string, total: number | string) =>
    [...queryKeys.visitorsPresentAt(centreId), present, total] as const,
  /** Every list of those present at a centre, whatever its counts (to ask them again). */
  visitorsPresentAt: (centreId: string) => ["support-centres", "visitors-present", centreId] as const,
  shifts: (centreId: string) => ["support-centres", "shifts", centreId] as const,
  faithCommunities: (countyCode: string) => ["reporting", "faith-communities", countyCode] as const,
  auditStatus: (service: string) => [service, "audit-status"] as const,
  countySettings: (service: string, countyCode: string) => [service, "county-settings", countyCode] as const,
  centreTemplates: (organisationId: string) => ["support-centres", "templates", organisationId] as const,
};
