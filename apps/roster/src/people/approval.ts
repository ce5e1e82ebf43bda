/**
 * Laholm 3.5: someone whose employer is not the organisation itself needs their manager's approval
 * (the employer pays for meetings and training). An empty employer means the organisation itself.
 */
export function needsManagerApproval(employer: string, organisationName: string): boolean {
  const e = employer.trim().toLowerCase();
  return e !== "" && e !== organisationName.trim().toLowerCase();
}
