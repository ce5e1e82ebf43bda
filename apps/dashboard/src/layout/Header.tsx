import { useI18n } from "../i18n/I18nProvider.tsx";
import type { ConnectionState } from "../picture/useLiveFeed.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

export function Header({ countyName, connection }: { countyName: string; connection: ConnectionState }) {
  const { messages } = useI18n();
  return (
    <header className="app-header">
      <h1>{messages.appTitle(countyName)}</h1>
      <span className={`connection connection--${connection}`}>{messages.connection[connection]}</span>
      <LanguageSwitch />
    </header>
  );
}
