import { isLanguage, languages, useI18n } from "../i18n/I18nProvider.tsx";

export function LanguageSwitch() {
  const { language, messages, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      {messages.language.label}{" "}
      <select
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {languages.map((option) => (
          <option key={option} value={option} lang={option}>
            {messages.language[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
