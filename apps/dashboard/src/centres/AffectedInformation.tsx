// Ge'ez glyphs for the Tigrinya sheet (see work.css); the font files load only when they are drawn.
import "@fontsource/noto-sans-ethiopic/ethiopic-400.css";
import "@fontsource/noto-sans-ethiopic/ethiopic-700.css";
import type { Centre, PictureIncident } from "@krisstod/contracts";
import { useId, useState } from "react";
import { useOrganisations } from "../api/mutualAid.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import {
  type AffectedAudience,
  type AffectedLanguage,
  adaptedTexts,
  affectedLanguages,
  affectedTexts,
  audiencesIn,
} from "./affectedInformation.ts";

/**
 * What happened, where the support centre is and whom to call, in the affected person's language:
 * shown at the centre and printable (only the sheet is printed, see work.css). Where the language
 * has them, a sheet written for a child or easy to read instead of the one for everyone.
 */
export function AffectedInformation({ centre, incident }: { centre: Centre; incident?: PictureIncident }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const [shown, setShown] = useState(false);
  const [language, setLanguage] = useState<AffectedLanguage>("sv");
  const [chosenAudience, setAudience] = useState<AffectedAudience>("everyone");
  const ids = { language: useId(), audience: useId(), heading: useId() };
  const text = affectedTexts[language];
  const audiences = audiencesIn(language);
  // A language without the adapted sheets shows the one for everyone (the choice comes back with
  // a language that has them).
  const audience = audiences.includes(chosenAudience) ? chosenAudience : "everyone";
  const adapted = audience === "everyone" ? undefined : adaptedTexts[language]?.[audience];
  // How the public reaches the centre's operators (Webbsida: "Ring eller skicka e-post till
  // kontaktcenter"), as each keeps it in the roster.
  const organisations = useOrganisations().data ?? [];
  const contacts = organisations.filter(
    (o) => (o.id === centre.posomOrganisationId || o.id === centre.pklOrganisationId) && o.publicContact,
  );
  if (!shown)
    return (
      <button type="button" className="secondary" onClick={() => setShown(true)}>
        {t.affectedInformation(centre.name)}
      </button>
    );
  return (
    <div className="affected-information">
      <div className="no-print">
        <label htmlFor={ids.language}>{t.affectedLanguage}</label>
        <select
          id={ids.language}
          value={language}
          onChange={(e) => setLanguage(e.target.value as AffectedLanguage)}
        >
          {affectedLanguages.map((code) => (
            <option key={code} value={code} lang={code}>
              {affectedTexts[code].name}
            </option>
          ))}
        </select>{" "}
        <label htmlFor={ids.audience}>{t.affectedAudience}</label>
        <select
          id={ids.audience}
          value={audience}
          disabled={audiences.length === 1}
          onChange={(e) => setAudience(e.target.value as AffectedAudience)}
        >
          {audiences.map((code) => (
            <option key={code} value={code}>
              {t.affectedAudiences[code]}
            </option>
          ))}
        </select>{" "}
        <button type="button" onClick={() => window.print()}>
          {t.printInformation}
        </button>{" "}
        <button type="button" className="secondary" onClick={() => setShown(false)}>
          {t.hideInformation}
        </button>
      </div>
      <article className="affected-sheet" lang={language} dir={text.dir} aria-labelledby={ids.heading}>
        <h4 id={ids.heading}>{adapted?.heading ?? text.heading}</h4>
        <h5>{text.whatHappened}</h5>
        {/* The incident's title is the organisation's own words, in Swedish. */}
        <p>
          {incident ? text.kinds[incident.kind] : text.kinds.other}
          {incident && (
            <>
              {": "}
              <span lang="sv" dir="ltr">
                {incident.title}
              </span>
            </>
          )}
        </p>
        <h5>{text.centreHeading}</h5>
        <p>
          <strong lang="sv" dir="ltr">
            {centre.name}
          </strong>
          {centre.location.address && (
            <>
              {", "}
              <span lang="sv" dir="ltr">
                {centre.location.address}
              </span>
            </>
          )}
        </p>
        <p>{adapted?.centreText ?? text.centreText}</p>
        {adapted?.advice.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
        <h5>{text.whomToCall}</h5>
        <ul>
          {contacts.map((o) => (
            <li key={o.id} lang="sv" dir="ltr">
              {[o.name, o.publicContact?.phone, o.publicContact?.email, o.publicContact?.note]
                .filter(Boolean)
                .join(" · ")}
            </li>
          ))}
          <li>{text.emergency}</li>
          <li>{text.information}</li>
          <li>{text.healthcare}</li>
        </ul>
      </article>
    </div>
  );
}
