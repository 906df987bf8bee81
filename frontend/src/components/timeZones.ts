/** The browser's own IANA time zone, e.g. Europe/London. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * Zones for browsers that cannot list their own (Intl.supportedValuesOf is missing): a city or
 * two in every region, so the picker still works; the server checks whatever is sent.
 */
const FALLBACK_ZONES = [
  "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Africa/Casablanca",
  "America/Anchorage", "America/Bogota", "America/Chicago", "America/Denver", "America/Halifax",
  "America/Los_Angeles", "America/Mexico_City", "America/New_York", "America/Phoenix",
  "America/Sao_Paulo", "America/St_Johns", "America/Toronto", "America/Vancouver",
  "America/Argentina/Buenos_Aires", "America/Santiago", "America/Lima",
  "Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem",
  "Asia/Karachi", "Asia/Kathmandu", "Asia/Kolkata", "Asia/Manila", "Asia/Seoul", "Asia/Shanghai",
  "Asia/Singapore", "Asia/Tehran", "Asia/Tokyo",
  "Atlantic/Azores", "Atlantic/Reykjavik", "Atlantic/Canary",
  "Australia/Adelaide", "Australia/Brisbane", "Australia/Darwin", "Australia/Hobart",
  "Australia/Melbourne", "Australia/Perth", "Australia/Sydney",
  "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Dublin",
  "Europe/Helsinki", "Europe/Istanbul", "Europe/Kyiv", "Europe/Lisbon", "Europe/London",
  "Europe/Madrid", "Europe/Moscow", "Europe/Oslo", "Europe/Paris", "Europe/Prague", "Europe/Rome",
  "Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw", "Europe/Zurich",
  "Indian/Maldives", "Indian/Mauritius",
  "Pacific/Auckland", "Pacific/Fiji", "Pacific/Honolulu", "Pacific/Port_Moresby",
];

/**
 * The IANA time zones this browser knows, sorted, with UTC and any of `extra` (the browser's
 * own zone, a saved zone) added when the list lacks them: Chromium's list has no "UTC", say.
 */
export function timeZoneOptions(...extra: string[]): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = FALLBACK_ZONES;
  }
  const all = new Set(zones);
  all.add("UTC");
  for (const z of extra) if (z) all.add(z);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** "America/New_York" as a person reads it: "America/New York". */
export function timeZoneLabel(zone: string): string {
  return zone.replace(/_/g, " ");
}

/** The regions zones are grouped by, in the order shown; the first part of a zone's name. */
const REGIONS: [prefix: string, label: string][] = [
  ["Africa", "Africa"],
  ["America", "Americas"],
  ["Antarctica", "Antarctica"],
  ["Arctic", "Arctic"],
  ["Asia", "Asia"],
  ["Atlantic", "Atlantic"],
  ["Australia", "Australia"],
  ["Europe", "Europe"],
  ["Indian", "Indian Ocean"],
  ["Pacific", "Pacific"],
  ["UTC", "UTC"],
];
const OTHER = "Other";
const REGION_ORDER = [...REGIONS.map(([, label]) => label), OTHER];

/** A zone's region label: "Europe" for Europe/London, "UTC" for UTC and Etc/*, else "Other". */
export function zoneRegion(zone: string): string {
  const prefix = zone === "UTC" || zone.startsWith("Etc/") ? "UTC" : zone.split("/")[0];
  return REGIONS.find(([p]) => p === prefix)?.[1] ?? OTHER;
}

/**
 * Browsers list some cities under their older names (ICU keeps them): show and find them by
 * the name people use today, the zone's own name stays what is saved.
 */
const RENAMED: Record<string, string> = {
  Asmera: "Asmara",
  Calcutta: "Kolkata",
  Godthab: "Nuuk",
  Katmandu: "Kathmandu",
  Kiev: "Kyiv",
  Rangoon: "Yangon",
  Saigon: "Ho Chi Minh City",
  Ulan_Bator: "Ulaanbaatar",
  Enderbury: "Kanton",
  Faeroe: "Faroe",
};

/** "London" for Europe/London, "Buenos Aires, Argentina" for America/Argentina/Buenos_Aires. */
export function zoneCity(zone: string): string {
  const parts = zone.split("/");
  if (parts.length === 1 || zone.startsWith("Etc/")) return timeZoneLabel(zone);
  const [city, ...within] = parts.slice(1).reverse();
  return [RENAMED[city] ?? city, ...within].map(timeZoneLabel).join(", ");
}

/** The zone's offset from UTC at `at`, in minutes (east positive), or null for a zone the browser lacks. */
function offsetMinutes(zone: string, at: Date): number | null {
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    const p = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
    return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  } catch {
    return null;
  }
}

/** "UTC+01:00", "UTC-03:30": the zone's offset at `at` (now, by default); "" when unknown. */
export function utcOffset(zone: string, at: Date = new Date()): string {
  const minutes = offsetMinutes(zone, at);
  if (minutes === null) return "";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** One zone as the picker shows it. */
export type ZoneChoice = {
  /** The IANA name, what is saved: "Europe/London". */
  zone: string;
  /** "London (UTC+00:00)". */
  label: string;
  /** What a search is matched against: names, region and offset, in the form `normalise` gives. */
  words: string;
};

/** A region's zones, sorted by city. */
export type ZoneGroup = { region: string; zones: ZoneChoice[] };

/** Lower case, accents and punctuation gone: "São_Paulo" and "sao paulo" read alike. */
function normalise(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[_/,()]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The zone as the picker shows it: its city and current offset. */
export function zoneChoice(zone: string, at: Date = new Date()): ZoneChoice {
  const city = zoneCity(zone);
  const offset = utcOffset(zone, at);
  const label = offset && zone !== "UTC" ? `${city} (${offset})` : city;
  return { zone, label, words: normalise(`${zone} ${city} ${zoneRegion(zone)} ${offset}`) };
}

/** The zones grouped by region, regions in REGIONS' order, each sorted by what it shows. */
export function groupZones(zones: string[], at: Date = new Date()): ZoneGroup[] {
  const byRegion = new Map<string, ZoneChoice[]>();
  for (const zone of zones) {
    const region = zoneRegion(zone);
    byRegion.set(region, [...(byRegion.get(region) ?? []), zoneChoice(zone, at)]);
  }
  return REGION_ORDER.filter((region) => byRegion.has(region))
    .map((region) => ({
      region,
      zones: byRegion.get(region)!.sort((a, b) => a.label.localeCompare(b.label)),
    }));
}

/**
 * The groups narrowed to zones matching `query` ("london", "new york", "buenos"): every word
 * of the query appears in the zone's names, or the query without spaces in them without
 * spaces ("newyork"). An empty query keeps everything; a region with no match is left out.
 */
export function filterZones(groups: ZoneGroup[], query: string): ZoneGroup[] {
  const q = normalise(query);
  if (!q) return groups;
  const words = q.split(" ");
  const compact = q.replace(/ /g, "");
  const matches = (z: ZoneChoice) =>
    words.every((w) => z.words.includes(w)) || z.words.replace(/ /g, "").includes(compact);
  return groups
    .map((g) => ({ region: g.region, zones: g.zones.filter(matches) }))
    .filter((g) => g.zones.length > 0);
}

/**
 * The groups with `zone` in them, added to its region when a search left it out (or the
 * browser does not list it): a select must always hold the chosen zone, or it would show
 * another one than the form will send.
 */
export function withZone(groups: ZoneGroup[], zone: string, at: Date = new Date()): ZoneGroup[] {
  if (!zone || groups.some((g) => g.zones.some((z) => z.zone === zone))) return groups;
  const choice = zoneChoice(zone, at);
  const region = zoneRegion(zone);
  const rest = groups.filter((g) => g.region !== region);
  const own = groups.find((g) => g.region === region)?.zones ?? [];
  const merged = { region, zones: [...own, choice].sort((a, b) => a.label.localeCompare(b.label)) };
  return [...rest, merged].sort((a, b) => REGION_ORDER.indexOf(a.region) - REGION_ORDER.indexOf(b.region));
}
