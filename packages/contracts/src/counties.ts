import type { CountyCode } from "./ids.ts";

/** Sweden's 21 counties (län) by official two-digit code, as the municipalities' `lan_code` uses. */
export const countyNames: Readonly<Record<string, string>> = {
  "01": "Stockholms län",
  "03": "Uppsala län",
  "04": "Södermanlands län",
  "05": "Östergötlands län",
  "06": "Jönköpings län",
  "07": "Kronobergs län",
  "08": "Kalmar län",
  "09": "Gotlands län",
  "10": "Blekinge län",
  "12": "Skåne län",
  "13": "Hallands län",
  "14": "Västra Götalands län",
  "17": "Värmlands län",
  "18": "Örebro län",
  "19": "Västmanlands län",
  "20": "Dalarnas län",
  "21": "Gävleborgs län",
  "22": "Västernorrlands län",
  "23": "Jämtlands län",
  "24": "Västerbottens län",
  "25": "Norrbottens län",
};

/** The county's proper name (the same in every language), or `län <code>` if it is unknown. */
export function countyName(code: CountyCode): string {
  return countyNames[code] ?? `län ${code}`;
}
