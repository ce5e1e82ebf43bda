import type { DemoUser } from "@krisstod/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useMemo } from "react";
import { queryKeys } from "../api/queryKeys.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { LanguageSwitch } from "../layout/LanguageSwitch.tsx";
import { useDocumentTitle } from "../layout/useDocumentTitle.ts";
import { useAuth } from "./AuthProvider.tsx";
import { listDemoUsers, signInAsDemoUser } from "./demoIssuer.ts";

/**
 * Development sign-in: every demo user of the local issuer, grouped by organisation. This screen
 * is the one piece a real provider replaces (see demoIssuer.ts).
 */
export function SignInScreen() {
  const { messages } = useI18n();
  const { signIn, signedOutBecause } = useAuth();
  const users = useQuery({
    queryKey: queryKeys.demoUsers(),
    queryFn: ({ signal }) => listDemoUsers(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const signingIn = useMutation({ mutationFn: signInAsDemoUser, onSuccess: signIn });
  const organisations = useMemo(() => groupByOrganisation(users.data ?? []), [users.data]);
  useDocumentTitle(messages.pageTitle(messages.auth.signInHeading));

  return (
    <>
      <header className="app-header">
        <h1>{messages.appName}</h1>
        <LanguageSwitch />
      </header>
      <main className="sign-in">
        <h2>{messages.auth.signInHeading}</h2>
        {signedOutBecause && <p role="status">{messages.auth[signedOutBecause]}</p>}
        <p>{messages.auth.demoNotice}</p>
        {users.isPending && <p>{messages.auth.loadingUsers}</p>}
        {users.isError && (
          <p role="alert">
            {messages.auth.usersFailed}{" "}
            <button type="button" onClick={() => void users.refetch()}>
              {messages.auth.retry}
            </button>
          </p>
        )}
        {signingIn.isError && <p role="alert">{messages.auth.signInFailed}</p>}
        {signingIn.isPending && <p role="status">{messages.auth.signingIn}</p>}
        <div className="sign-in__organisations">
          {organisations.map(([name, members]) => (
            <OrganisationUsers
              key={name}
              name={name}
              users={members}
              disabled={signingIn.isPending}
              onPick={(user) => signingIn.mutate(user)}
            />
          ))}
        </div>
      </main>
    </>
  );
}

function OrganisationUsers({
  name,
  users,
  disabled,
  onPick,
}: {
  name: string;
  users: readonly DemoUser[];
  disabled: boolean;
  onPick: (user: DemoUser) => void;
}) {
  const { messages } = useI18n();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="sign-in__organisation">
      <h3 id={headingId}>{name}</h3>
      <ul>
        {users.map((user) => {
          const role = user.roles.map((r) => messages.roles[r]).join(", ");
          // Named by what it shows (WCAG 2.5.3, label in name); the section names the organisation.
          return (
            <li key={user.userId}>
              <button type="button" disabled={disabled} onClick={() => onPick(user)}>
                <strong>{role}</strong>
                <span>
                  {user.name} · {user.title}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Organisations in the issuer's order (county board, region, municipalities), users within each. */
function groupByOrganisation(users: readonly DemoUser[]): [string, DemoUser[]][] {
  const groups = new Map<string, DemoUser[]>();
  for (const user of users)
    groups.set(user.organisationName, [...(groups.get(user.organisationName) ?? []), user]);
  return [...groups];
}
