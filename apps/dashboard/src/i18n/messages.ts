import type { IncidentKind, Role } from "@krisstod/contracts";

/** Every text the dashboard shows; one catalogue per language (sv.ts first, en.ts second). */
export interface Messages {
  /** BCP 47 tag for dates and times. */
  locale: string;
  appName: string;
  appTitle: (countyName: string) => string;
  language: { label: string; sv: string; en: string };
  map: {
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
