import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { en } from "./en.ts";
import type { Messages } from "./messages.ts";
import { sv } from "./sv.ts";

export const languages = ["sv", "en"] as const;
export type Language = (typeof languages)[number];
const catalogues: Record<Language, Messages> = { sv, en };

export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}

interface I18n {
  language: Language;
  messages: Messages;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** Swedish unless the user switches; kept in memory only (nothing in browser storage). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>("sv");
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, messages: catalogues[language], setLanguage }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n needs an I18nProvider above it");
  return i18n;
}
