/**
 * Every TanStack Query key of the dashboard, so that a hook that patches or invalidates a cache
 * entry names it the same way as the hook that reads it.
 */
export const queryKeys = {
  picture: (countyCode: string) => ["reporting", "picture", countyCode] as const,
  municipalities: () => ["geo", "municipalities"] as const,
  demoUsers: () => ["identity", "demo-users"] as const,
  incidentActivations: (incidentId: string) => ["activation", "incident", incidentId, "activations"] as const,
  devOutbox: (activationId: string) => ["activation", "dev-outbox", activationId] as const,
  centres: (countyCode: string) => ["support-centres", "centres", countyCode] as const,
  statistics: (countyCode: string, year: number) => ["reporting", "statistics", countyCode, year] as const,
};
