import type { Database } from "@krisstod/db";
import { v7 as uuidv7 } from "uuid";
import { faithCommunities } from "../db/schema.ts";

/**
 * Demo entries of Länsstyrelsen Halland's list: every organisation the Halland guideline names
 * ("Länsstyrelsen har kontaktuppgifter till följande organisationer"; Svenska kyrkan as two of its
 * parishes); every person, number and address is invented. The numbers are from the ranges PTS keeps
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
  {
    name: "Equmeniakyrkan",
    denomination: "Equmeniakyrkan",
    municipalities: ["1315", "1380", "1381", "1382", "1383", "1384"],
    contactPerson: "Anna Lundgren",
    contactRole: "Regional kyrkoledare",
    phone: "+46701740611",
    languages: ["sv", "en"],
  },
  {
    name: "Sjukhuskyrkan Varberg",
    denomination: "Svenska kyrkan (ekumenisk)",
    municipalities: ["1382", "1383", "1384"],
    contactPerson: "Per Holmberg",
    contactRole: "Sjukhuspräst",
    phone: "+46701740612",
    languages: ["sv", "en"],
  },
  {
    name: "Serbisk Ortodoxa kyrkan i Halmstad",
    denomination: "Serbisk-ortodoxa kyrkan",
    municipalities: ["1380"],
    contactPerson: "Dragan Petrović",
    contactRole: "Präst",
    phone: "+46701740613",
    languages: ["sv", "sr"],
  },
  {
    name: "Bosniakiska islamiska föreningen i Halmstad",
    denomination: "Islam",
    municipalities: ["1380"],
    contactPerson: "Amra Hodžić",
    contactRole: "Ordförande",
    phone: "+46701740614",
    languages: ["sv", "bs"],
  },
  {
    name: "Pingstkyrkan i Varberg",
    denomination: "Pingströrelsen",
    municipalities: ["1383"],
    contactPerson: "Jonas Ek",
    contactRole: "Pastor",
    phone: "+46701740615",
    languages: ["sv"],
  },
  {
    name: "Halmstad Alevitiska Kulturcentrum",
    denomination: "Alevism",
    municipalities: ["1380"],
    contactPerson: "Deniz Yıldız",
    contactRole: "Ordförande",
    phone: "+46701740616",
    languages: ["sv", "tr", "ku"],
  },
  {
    // A national authority rather than a community: where to turn for communities not on the list.
    name: "Myndigheten för stöd till trossamfund",
    denomination: "Statlig myndighet (SST)",
    municipalities: ["1315", "1380", "1381", "1382", "1383", "1384"],
    contactPerson: "Eva Sandberg",
    contactRole: "Handläggare, krisberedskap",
    phone: "+46701740617",
    languages: ["sv", "en"],
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
