/** The browser's own IANA time zone, e.g. Europe/London. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The IANA time zones this browser knows, sorted, with any of `extra` (the browser's own zone,
 * a client's saved zone) added when the list lacks them: Chromium's list has no "UTC", say.
 */
export function timeZoneOptions(...extra: string[]): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // Older browsers: the extras alone still make a working select.
  }
  const all = new Set(zones);
  for (const z of extra) if (z) all.add(z);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** "America/New_York" as a person reads it: "America/New York". */
export function timeZoneLabel(zone: string): string {
  return zone.replace(/_/g, " ");
}
