import { useI18n } from "../i18n/I18nProvider.tsx";
import type { ConnectionState } from "../picture/useLiveFeed.ts";

/** Says plainly that what is shown may be out of date; announced once when the feed drops. */
export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  const { messages } = useI18n();
  if (connection !== "lost") return null;
  return (
    <div role="alert" className="banner banner--warning">
      {messages.connection.lost}
    </div>
  );
}
