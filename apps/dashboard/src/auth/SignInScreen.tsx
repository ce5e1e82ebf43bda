import { useI18n } from "../i18n/I18nProvider.tsx";
import { LanguageSwitch } from "../layout/LanguageSwitch.tsx";
import { useDocumentTitle } from "../layout/useDocumentTitle.ts";
import { useAuth } from "./AuthProvider.tsx";

/**
 * Before sign-in: one button that goes to the configured issuer (and comes back to the page the
 * user asked for). When a session ended or a sign-in failed, says why, and the button starts over.
 */
export function SignInScreen() {
  const { messages } = useI18n();
  const { signIn, signedOutBecause, status } = useAuth();
  useDocumentTitle(messages.pageTitle(messages.auth.signInHeading));
  const failed = signedOutBecause && signedOutBecause !== "expired" && signedOutBecause !== "refused";

  return (
    <>
      <header className="app-header">
        <h1>{messages.appName}</h1>
        <LanguageSwitch />
      </header>
      <main className="sign-in">
        <h2>{messages.auth.signInHeading}</h2>
        {status === "starting" ? (
          <p role="status">{messages.auth.starting}</p>
        ) : (
          <>
            {signedOutBecause && <p role={failed ? "alert" : "status"}>{messages.auth[signedOutBecause]}</p>}
            <p>{messages.auth.intro}</p>
            {signedOutBecause !== "notConfigured" && (
              // After a failed sign-in the user starts over from the overview, not the bad callback.
              <button type="button" onClick={() => signIn(failed ? "/" : undefined)}>
                {failed ? messages.auth.startOver : messages.auth.signIn}
              </button>
            )}
          </>
        )}
      </main>
    </>
  );
}
