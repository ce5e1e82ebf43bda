/**
 * Every TanStack Query key of the dashboard, so that a hook that patches or invalidates a cache
 * entry names it the same way as the hook that reads it.
 */
export const queryKeys = {
  picture: (countyCode: string) => ["reporting", "picture", countyCode] as const,
  municipalities: () => ["geo", "municipalities"] as const,
  demoUsers: () => ["identity", "demo-users"] as const,
};
