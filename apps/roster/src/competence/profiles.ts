import type { CompetenceLevel, CompetenceProfileId, RosterRole } from "@krisstod/contracts";
import { CompetenceLevel as Levels } from "@krisstod/contracts";

/** Levels lowest first, as the Halland guideline orders them ("lägre → högre nivå av lärande"). */
export const levelOrder: readonly CompetenceLevel[] = Levels.options;

export const levelNames: Record<CompetenceLevel, string> = {
  awareness: "Kännedom",
  knowledge: "Kunskap",
  understanding: "Förståelse",
  application: "Tillämpning",
  analysis: "Analys",
  synthesis: "Syntes",
  evaluation: "Värdering",
};

export function levelRank(level: CompetenceLevel): number {
  return levelOrder.indexOf(level);
}

export interface ProfileItem {
  id: string;
  profile: CompetenceProfileId;
  text: string;
  /** The level the item's verb asks for ("Ha kännedom om" → kännedom, "Kunna leda" → syntes). */
  required: CompetenceLevel;
}

/** The county's competence profiles (Halland guideline, "Kompetensprofiler"). */
export const profileItems: readonly ProfileItem[] = [
  {
    id: "management-1",
    profile: "management",
    text: "Ha kunskap om samhällets krisberedskap",
    required: "knowledge",
  },
  {
    id: "management-2",
    profile: "management",
    text: "Ha förståelse för egen organisations och andra aktörers uppdrag inom krisstöd",
    required: "understanding",
  },
  {
    id: "management-3",
    profile: "management",
    text: "Kunna värdera om en situation kräver en stödinsats",
    required: "evaluation",
  },
  {
    id: "management-4",
    profile: "management",
    text: "Kunna genomföra samverkan mellan POSOM och PKL",
    required: "application",
  },
  {
    id: "management-5",
    profile: "management",
    text: "Kunna leda egen organisations krisstödsinsats",
    required: "synthesis",
  },
  {
    id: "support-person-1",
    profile: "support-person",
    text: "Ha kännedom om samhällets krisberedskap och andra aktörers uppdrag inom krisstöd",
    required: "awareness",
  },
  {
    id: "support-person-2",
    profile: "support-person",
    text: "Ha kännedom om vilka händelser som kan involvera POSOM och PKL och hur händelserna kan hanteras",
    required: "awareness",
  },
  {
    id: "support-person-3",
    profile: "support-person",
    text: "Ha förståelse för vilket ansvar egen organisation har inom krisstöd och sitt uppdrag som stödperson",
    required: "understanding",
  },
  {
    id: "support-person-4",
    profile: "support-person",
    text: "Kunna praktisera krisstöd i aktuell händelse",
    required: "application",
  },
];

export function profileOf(role: RosterRole): CompetenceProfileId | null {
  if (role === "coordinator" || role === "management") return "management";
  if (role === "support-person" || role === "pkl") return "support-person";
  return null;
}

export interface Attended {
  date: string;
  covers: readonly { item: string; level: string }[];
}

export interface DerivedItem {
  item: string;
  text: string;
  required: CompetenceLevel;
  reached: CompetenceLevel | null;
  met: boolean;
  lastTrainedOn: string | null;
}

/** A person's competence: per profile item, the highest level given by any training they attended. */
export function deriveCompetence(
  role: RosterRole,
  attended: readonly Attended[],
  /** The day (YYYY-MM-DD) competence is reckoned on: a training booked after it is not held yet. */
  asOf: string,
): DerivedItem[] {
  const profile = profileOf(role);
  if (!profile) return [];
  return profileItems
    .filter((item) => item.profile === profile)
    .map((item) => {
      let reached: CompetenceLevel | null = null;
      let lastTrainedOn: string | null = null;
      for (const training of attended) {
        if (training.date > asOf) continue;
        for (const cover of training.covers) {
          if (cover.item !== item.id) continue;
          const level = cover.level as CompetenceLevel;
          if (reached === null || levelRank(level) > levelRank(reached)) reached = level;
          if (lastTrainedOn === null || training.date > lastTrainedOn) lastTrainedOn = training.date;
        }
      }
      return {
        item: item.id,
        text: item.text,
        required: item.required,
        reached,
        met: reached !== null && levelRank(reached) >= levelRank(item.required),
        lastTrainedOn,
      };
    });
}
