import { useAuth } from "../auth/AuthProvider.tsx";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { ConnectionState } from "../picture/useLiveFeed.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

export function Header({ countyName, connection }: { countyName: string; connection?: ConnectionState }) {
  const { messages } = useI18n();
  return (
    <header className="app-header">
      <h1>{messages.appTitle(countyName)}</h1>
      {connection && (
        <span className={`connection connection--${connection}`}>{messages.connection[connection]}</span>
      )}
      <SignedInUser />
      <LanguageSwitch />
    </header>
  );
}

/** Who is signed in (name, organisation, role) and the way out. */
function SignedInUser() {
  const { messages } = useI18n();
  const { user, signOut } = useAuth();
  const organisationName = useOrganisationNames();
  if (!user) return null;
  const roles = user.roles.map((role) => messages.roles[role]).join(", ");
  const organisation = organisationName(user.organisationId);
  return (
    <section className="signed-in" aria-label={messages.auth.signedInAs}>
      {/* On a phone the line is cut with an ellipsis (styles.css); the title shows it whole. */}
      <span className="signed-in__name" title={user.name}>
        {user.name}
      </span>
      <span className="signed-in__organisation" title={organisation}>
        {organisation}
      </span>
      <span className="signed-in__role" title={roles}>
        {roles}
      </span>
      <button type="button" onClick={signOut}>
        {messages.auth.signOut}
      </button>
    </section>
  );
}
