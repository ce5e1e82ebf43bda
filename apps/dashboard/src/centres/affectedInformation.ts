import type { IncidentKind } from "@krisstod/contracts";

/**
 * Information to affected people at a support centre, in their language (Halland: "broschyrer med
 * information till drabbade"; "anpassad information till barn och individer med särskilda behov").
 * Swedish and English, and Arabic, Somali, Tigrinya and Dari: Arabic is the language most spoken
 * among newcomers in Halland (from Syria and Iraq), Somali one of the largest after it (Halmstad);
 * Tigrinya (Eritrea, Ge'ez script) and Dari (Afghanistan, Persian in Arabic script, right to left)
 * are the languages of the other large groups who came in the 2010s. These texts are a starting
 * point: a professional translator should review them before a real event. The numbers are
 * Sweden's national ones: 112 (emergencies), 113 13 (information about serious events), 1177
 * (healthcare advice). Independent of the dashboard's own language on purpose. The keys are BCP 47
 * tags, used as the sheet's `lang`: Dari is "fa-AF" (Persian as written in Afghanistan: "معلومات",
 * not Iran's "اطلاعات").
 */
export const affectedLanguages = ["sv", "en", "ar", "so", "ti", "fa-AF"] as const;
export type AffectedLanguage = (typeof affectedLanguages)[number];

export interface AffectedTexts {
  /** The language's own name, for the chooser. */
  name: string;
  dir: "ltr" | "rtl";
  heading: string;
  whatHappened: string;
  kinds: Record<IncidentKind, string>;
  centreHeading: string;
  centreText: string;
  whomToCall: string;
  emergency: string;
  information: string;
  healthcare: string;
}

export const affectedTexts: Record<AffectedLanguage, AffectedTexts> = {
  sv: {
    name: "Svenska",
    dir: "ltr",
    heading: "Information till dig som berörs",
    whatHappened: "Vad har hänt",
    kinds: {
      accident: "Olycka",
      fire: "Brand",
      violence: "Våld",
      suicide: "Suicid",
      "natural-disaster": "Naturolycka",
      infrastructure: "Störning i samhällsviktig verksamhet",
      abroad: "Händelse utomlands",
      other: "Händelse",
    },
    centreHeading: "Stödcentrum",
    centreText: "Här kan du få stöd, information och någon att prata med.",
    whomToCall: "Vem ringer du",
    emergency: "Vid nödsituation: ring 112",
    information: "Information om allvarliga händelser: ring 113 13",
    healthcare: "Sjukvårdsrådgivning: ring 1177",
  },
  en: {
    name: "English",
    dir: "ltr",
    heading: "Information for you who are affected",
    whatHappened: "What happened",
    kinds: {
      accident: "Accident",
      fire: "Fire",
      violence: "Violence",
      suicide: "Suicide",
      "natural-disaster": "Natural disaster",
      infrastructure: "Disruption of essential services",
      abroad: "Event abroad",
      other: "Event",
    },
    centreHeading: "Support centre",
    centreText: "Here you can get support, information and someone to talk to.",
    whomToCall: "Whom to call",
    emergency: "Emergency: call 112",
    information: "Information about serious events: call 113 13",
    healthcare: "Healthcare advice: call 1177",
  },
  ar: {
    name: "العربية",
    dir: "rtl",
    heading: "معلومات لك إذا كنت متأثراً بالحدث",
    whatHappened: "ماذا حدث",
    kinds: {
      accident: "حادث",
      fire: "حريق",
      violence: "عنف",
      suicide: "انتحار",
      "natural-disaster": "كارثة طبيعية",
      infrastructure: "انقطاع في الخدمات الأساسية",
      abroad: "حدث في الخارج",
      other: "حدث",
    },
    centreHeading: "مركز الدعم",
    centreText: "يمكنك هنا الحصول على الدعم والمعلومات وشخص تتحدث إليه.",
    whomToCall: "بمن تتصل",
    emergency: "في حالات الطوارئ: اتصل بالرقم 112",
    information: "معلومات عن الأحداث الخطيرة: اتصل بالرقم 113 13",
    healthcare: "استشارات الرعاية الصحية: اتصل بالرقم 1177",
  },
  so: {
    name: "Soomaali",
    dir: "ltr",
    heading: "Macluumaad adiga oo ay dhacdadu saamaysay",
    whatHappened: "Maxaa dhacay",
    kinds: {
      accident: "Shil",
      fire: "Dab",
      violence: "Rabshad",
      suicide: "Is-dil",
      "natural-disaster": "Masiibo dabiici ah",
      infrastructure: "Carqalad ku timid adeegyada muhiimka ah",
      abroad: "Dhacdo dibadda ka dhacday",
      other: "Dhacdo",
    },
    centreHeading: "Xarunta taageerada",
    centreText: "Halkan waxaad ka heli kartaa taageero, macluumaad iyo qof aad la hadasho.",
    whomToCall: "Yaad wacaysaa",
    emergency: "Xaalad degdeg ah: wac 112",
    information: "Macluumaad ku saabsan dhacdooyin culus: wac 113 13",
    healthcare: "La-talin caafimaad: wac 1177",
  },
  ti: {
    name: "ትግርኛ",
    dir: "ltr",
    heading: "ሓበሬታ ንዝተጸለዉ ሰባት",
    whatHappened: "እንታይ ኣጋጢሙ",
    kinds: {
      accident: "ሓደጋ",
      fire: "ባርዕ",
      violence: "ዓመጽ",
      suicide: "ነብሰ-ቕትለት",
      "natural-disaster": "ተፈጥሮኣዊ ሓደጋ",
      infrastructure: "ምቁራጽ ኣገደስቲ ኣገልግሎታት",
      abroad: "ኣብ ወጻኢ ሃገር ዘጋጠመ ፍጻመ",
      other: "ፍጻመ",
    },
    centreHeading: "ማእከል ደገፍ",
    centreText: "ኣብዚ ደገፍ፣ ሓበሬታን ዝዛረበካ ሰብን ክትረክብ ትኽእል።",
    whomToCall: "ናብ መን ትድውል",
    emergency: "ህጹጽ ኩነታት: ናብ 112 ደውል",
    information: "ሓበሬታ ብዛዕባ ከቢድ ፍጻመታት: ናብ 113 13 ደውል",
    healthcare: "ምኽሪ ጥዕና: ናብ 1177 ደውል",
  },
  "fa-AF": {
    name: "دری",
    dir: "rtl",
    heading: "معلومات برای شما که از این رویداد متأثر شده‌اید",
    whatHappened: "چه اتفاق افتاده است",
    kinds: {
      accident: "حادثه",
      fire: "آتش‌سوزی",
      violence: "خشونت",
      suicide: "خودکشی",
      "natural-disaster": "آفت طبیعی",
      infrastructure: "اختلال در خدمات ضروری",
      abroad: "رویداد در خارج از کشور",
      other: "رویداد",
    },
    centreHeading: "مرکز حمایت",
    centreText: "در اینجا می‌توانید حمایت، معلومات و کسی برای صحبت کردن پیدا کنید.",
    whomToCall: "با چه کسی تماس بگیرید",
    emergency: "در حالت اضطراری: به شماره 112 زنگ بزنید",
    information: "معلومات درباره رویدادهای جدی: به شماره 113 13 زنگ بزنید",
    healthcare: "مشوره صحی: به شماره 1177 زنگ بزنید",
  },
};

/**
 * Halland: "anpassad information till barn och individer med särskilda behov". Besides the sheet
 * for everyone, one written for a child and one easy to read (short sentences, one thing each, for
 * people with intellectual disabilities, little Swedish or in shock), in Swedish and English; the
 * other languages have the sheet for everyone until a translator has written these too.
 */
export const affectedAudiences = ["everyone", "children", "easy-read"] as const;
export type AffectedAudience = (typeof affectedAudiences)[number];

/** What an adapted sheet says instead of the general heading and centre text, and what it adds. */
export interface AdaptedTexts {
  heading: string;
  centreText: string;
  /** Short paragraphs after the centre: what the reader may feel and may ask for. */
  advice: string[];
}

export const adaptedTexts: Partial<
  Record<AffectedLanguage, Record<Exclude<AffectedAudience, "everyone">, AdaptedTexts>>
> = {
  sv: {
    children: {
      heading: "Till dig som är barn",
      centreText:
        "Här finns vuxna som vill hjälpa dig. Du kan prata med dem, fråga om det du undrar över och vara här tillsammans med din familj.",
      advice: [
        "Det är vanligt att bli rädd, ledsen eller arg när något sådant har hänt. Det är inte ditt fel.",
        "Du får fråga vad som har hänt. Det är bra att prata med en vuxen som du litar på.",
        "Är du här utan någon vuxen? Säg det till någon som jobbar här, så hjälper vi dig.",
      ],
    },
    "easy-read": {
      heading: "Information till dig – lättläst",
      centreText: "Här kan du få hjälp. Du kan prata med någon. Du kan få veta vad som har hänt.",
      advice: [
        "Du får ta den tid du behöver.",
        "Fråga igen om du inte förstår. Vi förklarar gärna en gång till.",
        "Säg till om du behöver hjälp att läsa eller att höra.",
      ],
    },
  },
  en: {
    children: {
      heading: "For you who are a child",
      centreText:
        "There are grown-ups here who want to help you. You can talk to them, ask about what you wonder and stay here with your family.",
      advice: [
        "It is normal to feel scared, sad or angry when something like this has happened. It is not your fault.",
        "You may ask what has happened. It helps to talk to a grown-up you trust.",
        "Are you here without a grown-up? Tell someone who works here, and we will help you.",
      ],
    },
    "easy-read": {
      heading: "Information for you – easy to read",
      centreText: "You can get help here. You can talk to someone. You can find out what has happened.",
      advice: [
        "Take the time you need.",
        "Ask again if you do not understand. We are happy to explain again.",
        "Tell us if you need help to read or to hear.",
      ],
    },
  },
};

/** The audiences the language has a sheet for (everyone always). */
export function audiencesIn(language: AffectedLanguage): AffectedAudience[] {
  return adaptedTexts[language] ? [...affectedAudiences] : ["everyone"];
}
