/**
 * Names that appear in trackLog.csv dates: time-zone abbreviations in "GPS Time" and
 * (possibly localised) month names in "Device Time".
 *
 * GPS Time is Java's Date.toString(): English, "EEE MMM dd HH:mm:ss zzz yyyy", where zzz is
 * the zone's short name if the platform's (CLDR) English data has one ("PDT", "CEST",
 * "AEST"), else "GMT+08:00". Device Time is a SimpleDateFormat in the phone's locale, so
 * its month abbreviation can be "Mär", "mars", "déc.", "ott"...
 */

/**
 * Abbreviation -> offset in minutes east of UTC. Only unambiguous ones are listed: "IST"
 * (India +05:30, Ireland +01:00, Israel +02:00) is left out on purpose, so such a time
 * parses as null rather than as a wrong instant. "CST" is US Central, the meaning Java and
 * CLDR English give it (a Chinese phone writes "GMT+08:00").
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  // North America
  EST: -300, EDT: -240,
  CST: -360, CDT: -300,
  MST: -420, MDT: -360,
  PST: -480, PDT: -420,
  AKST: -540, AKDT: -480,
  HST: -600, HDT: -540,
  AST: -240, ADT: -180,
  NST: -210, NDT: -150,
  // Europe, Africa
  WET: 0, WEST: 60,
  BST: 60,
  CET: 60, CEST: 120,
  MET: 60, MEST: 120,
  EET: 120, EEST: 180,
  MSK: 180,
  WAT: 60, CAT: 120, EAT: 180, SAST: 120,
  // Asia, Oceania, South America
  PKT: 300,
  WIB: 420,
  SGT: 480, HKT: 480, PHT: 480, AWST: 480,
  JST: 540, KST: 540,
  ACST: 570, ACDT: 630,
  AEST: 600, AEDT: 660,
  LHST: 630, LHDT: 660,
  NZST: 720, NZDT: 780,
  ART: -180, BRT: -180,
};

/** Java's English month abbreviations, as Torque writes them in the English locale. */
export const ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
export const ENGLISH_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * Month names per month (1-12), short and long forms of en, de (incl. Austrian "Jän"), fr,
 * es, it, nl, pt, sv/da/nb and pl, as old (Java) and new (CLDR) Android versions write
 * them. Stored folded (see foldMonth); shared spellings such as "mar" or "mai" mean the
 * same month in every language listed, which buildMonthIndex checks. Croatian/Czech are
 * left out: their "lis"/"lip" mean other months than Polish ones.
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ["jan", "january", "januar", "jän", "jänner", "janv", "janvier", "ene", "enero", "gen", "gennaio", "januari", "janeiro", "sty", "styczen", "stycznia"],
  ["feb", "february", "februar", "febr", "févr", "fevr", "février", "febrero", "febbraio", "februari", "fev", "fevereiro", "lut", "luty", "lutego"],
  ["mar", "march", "mär", "märz", "mrz", "mars", "marzo", "maart", "mrt", "março", "marzec", "marca"],
  ["apr", "april", "avr", "avril", "abr", "abril", "aprile", "kwi", "kwiecien", "kwietnia"],
  ["may", "mai", "mayo", "mag", "maggio", "mei", "maio", "maj", "maja"],
  ["jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho", "cze", "czerwiec", "czerwca"],
  ["jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho", "lip", "lipiec", "lipca"],
  ["aug", "august", "août", "aout", "ago", "agosto", "augustus", "sie", "sierpien", "sierpnia"],
  ["sep", "sept", "september", "septembre", "septiembre", "set", "setiembre", "settembre", "setembro", "wrz", "wrzesien", "wrzesnia"],
  ["oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "out", "outubro", "paź", "paz", "pazdziernik", "pazdziernika"],
  ["nov", "november", "novembre", "noviembre", "novembro", "lis", "listopad", "listopada"],
  ["dec", "december", "dez", "dezember", "déc", "décembre", "dic", "dicembre", "diciembre", "dezembro", "des", "desember", "gru", "grudzien", "grudnia"],
];

/** Lower case, no trailing dot, no accents: "Déc." -> "dec", "Mär" -> "mar", "paź" -> "paz". */
export function foldMonth(name: string): string {
  return name
    .trim()
    .replace(/\.$/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

function buildMonthIndex(): Map<string, number> {
  const index = new Map<string, number>();
  MONTH_NAMES.forEach((names, i) => {
    for (const name of names) {
      const k = foldMonth(name);
      const seen = index.get(k);
      if (seen !== undefined && seen !== i + 1) throw new Error(`month name ${name} is ambiguous`);
      index.set(k, i + 1);
    }
  });
  return index;
}

const MONTHS = buildMonthIndex();

/** 1-12 for a known month name in any listed language (case and trailing dot ignored), else null. */
export function monthNumber(name: string): number | null {
  return MONTHS.get(foldMonth(name)) ?? null;
}
