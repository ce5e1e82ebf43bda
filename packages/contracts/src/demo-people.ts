import type { DemoUser, Role } from "./identity.ts";

/**
 * The demo people, in one place: the development issuer's users and the roster people they are
 * (apps/roster's demo seed gives the person with user id `kommun-1381.posom-lead` this same name),
 * so a decision is recorded under the name of whoever signed in. For every Halland organisation,
 * one person for each role that organisation has (Länsstyrelsen observes, the region runs PKL,
 * municipalities run POSOM), and for Laholm's neighbour across the county border, Båstad, with
 * Länsstyrelsen Skåne. Names are invented. Ids are `<organisation>.<role>` so tests and the
 * launcher can name one.
 */
interface OrganisationSeed {
  id: string;
  name: string;
  /** Halland (13) unless said: Laholm's fallback Båstad and its Länsstyrelsen are in Skåne (12). */
  countyCode?: string;
  roles: readonly (readonly [Role, string])[];
}

const municipalityRoles = [
  ["posom-lead", "POSOM-samordnare"],
  ["ledningsgrupp", "Ledamot, POSOM-ledningsgrupp"],
  ["activator", "Kommunchef"],
  ["support-person", "Stödperson"],
  ["centre-staff", "Personal, stödcentrum"],
  ["org-admin", "Systemförvaltare"],
] as const;

const organisations: readonly OrganisationSeed[] = [
  {
    id: "lansstyrelsen-13",
    name: "Länsstyrelsen Hallands län",
    roles: [
      ["county-observer", "Tjänsteman i beredskap (TiB)"],
      ["org-admin", "Systemförvaltare"],
    ],
  },
  {
    id: "region-13",
    name: "Region Halland",
    roles: [
      ["region-tib", "Tjänsteman i beredskap (TIB)"],
      ["pkl-lead", "PKL-ansvarig"],
      ["activator", "Förvaltningschef psykiatri"],
      ["ledningsgrupp", "Ledamot, PKL-ledningsgrupp"],
      ["support-person", "PKL-medlem, kurator"],
      ["centre-staff", "Personal, PKL-stödcentrum"],
      ["org-admin", "Systemförvaltare"],
    ],
  },
  { id: "kommun-1315", name: "Hylte kommun", roles: municipalityRoles },
  { id: "kommun-1380", name: "Halmstads kommun", roles: municipalityRoles },
  { id: "kommun-1381", name: "Laholms kommun", roles: municipalityRoles },
  { id: "kommun-1382", name: "Falkenbergs kommun", roles: municipalityRoles },
  { id: "kommun-1383", name: "Varbergs kommun", roles: municipalityRoles },
  { id: "kommun-1384", name: "Kungsbacka kommun", roles: municipalityRoles },
  // Across the county border: Laholm 3.1 "aktiveras Halmstads eller Båstads POSOM via HILL".
  // Appended after Halland's, so Halland's demo names stay as they were.
  { id: "kommun-1278", name: "Båstads kommun", countyCode: "12", roles: municipalityRoles },
  {
    id: "lansstyrelsen-12",
    name: "Länsstyrelsen Skåne",
    countyCode: "12",
    roles: [
      ["county-observer", "Tjänsteman i beredskap (TiB)"],
      ["org-admin", "Systemförvaltare"],
    ],
  },
  // The national level (#23): MSB follows the national picture only. It belongs to no county; "00"
  // is no county's code, so no county's own-county rule ever lets it in.
  {
    id: "msb",
    name: "Myndigheten för samhällsskydd och beredskap (MSB)",
    countyCode: "00",
    roles: [["national-observer", "Nationell lägesbild, tjänsteman i beredskap"]],
  },
];

// 16 and 17 are coprime, so (i mod 16, 7i mod 17) never repeats within 272 users. Roster's demo
// seed invents the rest of each roster from these names and more (apps/roster/src/demo/halland.ts).
export const demoGivenNames = [
  "Anna",
  "Erik",
  "Maria",
  "Lars",
  "Karin",
  "Johan",
  "Eva",
  "Anders",
  "Sara",
  "Per",
  "Lena",
  "Mikael",
  "Ingrid",
  "Fredrik",
  "Helena",
  "Ahmed",
];
export const demoFamilyNames = [
  "Andersson",
  "Johansson",
  "Karlsson",
  "Nilsson",
  "Eriksson",
  "Larsson",
  "Olsson",
  "Persson",
  "Svensson",
  "Gustafsson",
  "Pettersson",
  "Jonsson",
  "Lindberg",
  "Bengtsson",
  "Holm",
  "Sandberg",
  "Hassan",
];

/** A demo user with the name split as the roster keeps it. */
export interface DemoPerson extends DemoUser {
  givenName: string;
  familyName: string;
}

export const demoPeople: readonly DemoPerson[] = organisations
  .flatMap((organisation) => organisation.roles.map(([role, title]) => ({ organisation, role, title })))
  .map(({ organisation, role, title }, i) => {
    const givenName = demoGivenNames[i % demoGivenNames.length] ?? "Demo";
    const familyName = demoFamilyNames[(i * 7) % demoFamilyNames.length] ?? "Demosson";
    return {
      userId: `${organisation.id}.${role}`,
      name: `${givenName} ${familyName}`,
      givenName,
      familyName,
      organisationId: organisation.id,
      countyCode: organisation.countyCode ?? "13",
      roles: [role],
      organisationName: organisation.name,
      title,
    };
  });

/** The development issuer's users, as its /demo-users lists them. */
export const demoUsers: readonly DemoUser[] = demoPeople.map(
  ({ givenName: _given, familyName: _family, ...user }) => user,
);

export function findDemoPerson(userId: string): DemoPerson | undefined {
  return demoPeople.find((person) => person.userId === userId);
}

export function findDemoUser(userId: string): DemoUser | undefined {
  return demoUsers.find((user) => user.userId === userId);
}
