import { Link } from "wouter";
import { auditedServices, useAuditStatuses } from "../api/audit.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { paths } from "../routes.ts";

/**
 * The organisation admin's alarm: while any service's latest scheduled verification found its audit
 * trail broken, every screen says so, with a link to the review. Nothing for other roles.
 */
export function AuditAlert() {
  const user = useUser();
  const { messages } = useI18n();
  const admin = hasRole(user, "org-admin");
  const statuses = useAuditStatuses(admin);
  if (!admin) return null;
  const broken = auditedServices.filter((_, i) => {
    const status = statuses[i]?.data;
    return status?.checked === true && !status.ok;
  });
  if (broken.length === 0) return null;
  return (
    <div role="alert" className="banner banner--warning">
      {messages.audit.alert(broken.map((service) => messages.audit.services[service]).join(", "))}{" "}
      <Link href={paths.audit}>{messages.audit.alertLink}</Link>
    </div>
  );
}
