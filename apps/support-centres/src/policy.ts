import { auditReviewPolicy } from "@krisstod/audit/review";
import { definePolicy, routeDeclarer } from "@krisstod/auth";
import { countyRoles, type Role } from "@krisstod/contracts";

/**
 * Who may do what in this service: roles per action, enforced for every request by `guardRoutes`.
 * The organisation scope is checked in the handler once the resource is loaded, because here the
 * resource's organisation is not a single column:
 * - centre actions (`own-organisation`): the principal's organisation runs the centre — its
 *   municipality's POSOM or its region's PKL;
 * - visitor actions (`own-organisation`): the principal's organisation received the visitor (in a
 *   joint centre POSOM and PKL each see only their own visitors);
 * - counts (`any-organisation`): anyone may read them; outside the operators they are "<5" below 5.
 */
const leads: Role[] = ["posom-lead", "pkl-lead", "region-tib"];
const centreWorkers: Role[] = ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"];
/** Every role of a county's organisations (not the national observer, who sees only the national picture). */
const everyone = countyRoles;

export const supportCentresPolicy = definePolicy({
  "templates.list": { roles: everyone, scope: "any-organisation" },
  /** Premises prepared in advance for the lead's own organisation (Laholm 3.2). */
  "templates.create": { roles: leads },
  /** …and kept current by them: the place, its capacity, the equipment there. */
  "templates.update": { roles: leads },
  "centres.create": { roles: leads },
  /** The principal's own county's centres, and any its organisation runs (handler: mayReadCentre). */
  "centres.list": { roles: everyone, scope: "own-county" },
  "centres.read": { roles: everyone, scope: "own-county" },
  "centres.change-status": { roles: leads },
  /** The co-operator named on a joint centre accepts or declines (handler: that organisation's side). */
  "centres.partnership": { roles: leads },
  /** The operator records the cooperation the guideline names as contacted or not needed. */
  "centres.cooperation": { roles: [...leads, "ledningsgrupp"] },
  "shifts.plan": { roles: [...leads, "ledningsgrupp"] },
  "shifts.list": { roles: centreWorkers },
  "shifts.clock": { roles: centreWorkers },
  "visitors.arrive": { roles: centreWorkers },
  "visitors.phone-contact": { roles: centreWorkers },
  "visitors.list": { roles: centreWorkers },
  "visitors.read": { roles: centreWorkers },
  "visitors.depart": { roles: centreWorkers },
  "visitors.refer": { roles: centreWorkers },
  /** Who can speak a visitor's language (reads the visitor's language, and colleagues' phones). */
  "visitors.language-help": { roles: centreWorkers },
  /** Which languages the visitors still at the centre need: counts, each visitor's read audited. */
  "visitors.language-needs": { roles: centreWorkers },
  "children.link-guardian": { roles: centreWorkers },
  "children.handover": { roles: centreWorkers },
  "reunification.search": { roles: centreWorkers },
  "reunification.match": { roles: centreWorkers },
  /** The county's settings of numbers the guideline does not give; Länsstyrelsen's admin changes them. */
  "county-settings.read": { roles: everyone, scope: "own-county" },
  "county-settings.change": { roles: ["org-admin"], scope: "own-county" },
  "follow-up.list": { roles: ["posom-lead", "pkl-lead", "ledningsgrupp"] },
  /** The organisation admin reviews who read and changed its visitors' data. */
  ...auditReviewPolicy,
});

/**
 * Declares a route with its action and OpenAPI description, first in its Hono chain; the guard's
 * route table is derived from these declarations (a route without one stops the service).
 */
export const route = routeDeclarer(supportCentresPolicy);
