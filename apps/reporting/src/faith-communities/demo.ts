import type { Database } from "@krisstod/db";
import { v7 as uuidv7 } from "uuid";
import { faithCommunities } from "../db/schema.ts";

/**
 * Demo entries of Länsstyrelsen Halland's list. The communities are those the Halland guideline
 * names; every person, number and address is invented. The numbers are from the ranges PTS keeps
 * for fiction (070-174 06 05 … 070-174 06 99), so nobody real is ever called from a demo.
 */
const NOTE = "Demouppgifter: personen och numret är påhittade.";
const halland = [
  {
    name: "Halmstads församling",
    denomination: "Svenska kyrkan",
    municipalities: ["1380"],
    contactPerson: "Karin Åberg",
    contactRole: "Kyrkoherde",
    phone: "+46701740605",
    languages: ["sv", "en"],
  },
  {
    name: "Varbergs församling",
    denomination: "Svenska kyrkan",
    municipalities: ["1383"],
    contactPerson: "Johan Lindqvist",
    contactRole: "Präst, krisberedskap",
    phone: "+46701740606",
    languages: ["sv", "en", "de"],
  },
  {
    name: "Sjukhuskyrkan Halmstad",
    denomination: "Svenska kyrkan (ekumenisk)",
    municipalities: ["1380", "1381", "1315"],
    contactPerson: "Maria Sjöberg",
    contactRole: "Sjukhuspräst",
    phone: "+46701740607",
    languages: ["sv", "en"],
  },
  {
    name: "St Maria katolska församling",
    denomination: "Katolska kyrkan",
    municipalities: ["1380", "1382"],
    contactPerson: "Tomasz Nowak",
    contactRole: "Kyrkoherde",
    phone: "+46701740608",
    languages: ["sv", "pl", "en", "es"],
  },
  {
    name: "Halmstads moské",
    denomination: "Islam",
    municipalities: ["1380", "1381"],
    contactPerson: "Ahmed Hassan",
    contactRole: "Imam",
    phone: "+46701740609",
    languages: ["sv", "ar", "so"],
  },
  {
    name: "Pingstkyrkan i Falkenberg",
    denomination: "Pingströrelsen",
    municipalities: ["1382"],
    contactPerson: "Elin Berg",
    contactRole: "Pastor",
    phone: "+46701740610",
    languages: ["sv"],
  },
] as const;

/** Idempotent: an entry already on the list (same county and name) is left as it is. */
export async function seedFaithCommunities(db: Database): Promise<void> {
  await db
    .insert(faithCommunities)
    .values(
      halland.map((c) => ({
        ...c,
        municipalities: [...c.municipalities],
        languages: [...c.languages],
        id: uuidv7(),
        countyCode: "13",
        alternativePhone: null,
        email: null,
        notes: NOTE,
        updatedBy: "Demodata",
      })),
    )
    .onConflictDoNothing({ target: [faithCommunities.countyCode, faithCommunities.name] });
}
