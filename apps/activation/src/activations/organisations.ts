/**
 * The county an organisation belongs to, read from its slug: a municipality code starts with its
 * county code (kommun-1278 Båstad → 12), regions and county boards carry it (region-13 → 13).
 */
export function countyOf(organisationId: string, otherwise: string): string {
  const municipality = /^kommun-(\d{2})\d{2}$/.exec(organisationId);
  if (municipality?.[1]) return municipality[1];
  const county = /^(?:region|lansstyrelsen)-(\d{2})$/.exec(organisationId);
  return county?.[1] ?? otherwise;
}

export function isRegion(organisationId: string): boolean {
  return organisationId.startsWith("region-");
}
