import type { DemoUser, Role } from "@krisstod/contracts";

/**
 * The seeded users of the development issuer: for every Halland organisation, one person for each
 * role that organisation has (Länsstyrelsen observes, the region runs PKL, municipalities run
 * POSOM). Names are invented. Ids are `<organisation>.<role>` so tests and the launcher can name one.
 */
interface OrganisationSeed {
  id: string;
  name: string;
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
];

// 16 and 17 are coprime, so (i mod 16, 7i mod 17) never repeats within 272 users.
const firstNames = [
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
const lastNames = [
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

export const demoUsers: readonly DemoUser[] = organisations
  .flatMap((organisation) => organisation.roles.map(([role, title]) => ({ organisation, role, title })))
  .map(({ organisation, role, title }, i) => ({
    userId: `${organisation.id}.${role}`,
    name: `${firstNames[i % firstNames.length]} ${lastNames[(i * 7) % lastNames.length]}`,
    organisationId: organisation.id,
    countyCode: "13",
    roles: [role],
    organisationName: organisation.name,
    title,
  }));

export function findDemoUser(userId: string): DemoUser | undefined {
  return demoUsers.find((user) => user.userId === userId);
}
