import { afterEach, describe, expect, it, vi } from "vitest";
import { filterZones, groupZones, timeZoneOptions, utcOffset, withZone, zoneCity, zoneRegion } from "./timeZones";

afterEach(() => vi.restoreAllMocks());

describe("time zone names", () => {
  it("names a zone by its city, today's name for renamed ones, with the area it lies in", () => {
    expect(zoneCity("Europe/London")).toBe("London");
    expect(zoneCity("America/New_York")).toBe("New York");
    expect(zoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires, Argentina");
    expect(zoneCity("Asia/Calcutta")).toBe("Kolkata");
    expect(zoneCity("Europe/Kiev")).toBe("Kyiv");
    expect(zoneCity("UTC")).toBe("UTC");
  });

  it("groups by region, with UTC and Etc/* under UTC and anything else under Other", () => {
    expect(zoneRegion("America/Chicago")).toBe("Americas");
    expect(zoneRegion("Indian/Maldives")).toBe("Indian Ocean");
    expect(zoneRegion("UTC")).toBe("UTC");
    expect(zoneRegion("Etc/GMT+5")).toBe("UTC");
    expect(zoneRegion("US/Eastern")).toBe("Other");
  });
});

describe("utcOffset", () => {
  it("gives the offset on the test clock (24 November: northern winter, southern summer)", () => {
    expect(utcOffset("Europe/London")).toBe("UTC+00:00");
    expect(utcOffset("America/New_York")).toBe("UTC-05:00");
    expect(utcOffset("Asia/Kolkata")).toBe("UTC+05:30");
    expect(utcOffset("Asia/Kathmandu")).toBe("UTC+05:45");
    expect(utcOffset("Australia/Sydney")).toBe("UTC+11:00");
  });

  it("follows summer time at the moment asked about", () => {
    const july = new Date("2026-07-01T12:00:00Z");
    expect(utcOffset("Europe/London", july)).toBe("UTC+01:00");
    expect(utcOffset("Australia/Sydney", july)).toBe("UTC+10:00");
  });

  it("is empty for a zone the browser does not know", () => {
    expect(utcOffset("Nowhere/Land")).toBe("");
  });
});

describe("timeZoneOptions", () => {
  it("lists the browser's zones with UTC and the extras, sorted", () => {
    const zones = timeZoneOptions("Etc/GMT+5");
    expect(zones.length).toBeGreaterThan(300);
    expect(zones).toContain("UTC");
    expect(zones).toContain("Etc/GMT+5");
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });

  it("falls back to a short list of its own when the browser cannot list its zones", () => {
    vi.spyOn(Intl, "supportedValuesOf").mockImplementation(() => {
      throw new TypeError("not supported");
    });
    const zones = timeZoneOptions("Pacific/Chatham");
    expect(zones).toEqual(expect.arrayContaining(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]));
    const regions = groupZones(zones).map((g) => g.region);
    expect(regions).toEqual(["Africa", "Americas", "Asia", "Atlantic", "Australia", "Europe", "Indian Ocean", "Pacific", "UTC"]);
  });
});

describe("groupZones and filterZones", () => {
  const groups = groupZones(["Europe/London", "America/New_York", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "Europe/Berlin", "UTC", "US/Eastern"]);

  it("keeps the regions in a fixed order and each one sorted by what it shows", () => {
    expect(groups.map((g) => g.region)).toEqual(["Americas", "Europe", "UTC", "Other"]);
    expect(groups[0].zones.map((z) => z.label)).toEqual([
      "Buenos Aires, Argentina (UTC-03:00)",
      "New York (UTC-05:00)",
      "Sao Paulo (UTC-03:00)",
    ]);
    expect(groups[2].zones.map((z) => z.label)).toEqual(["UTC"]);
  });

  it("finds a zone by its city however it is typed", () => {
    const zonesFor = (q: string) => filterZones(groups, q).flatMap((g) => g.zones.map((z) => z.zone));
    expect(zonesFor("london")).toEqual(["Europe/London"]);
    expect(zonesFor("New York")).toEqual(["America/New_York"]);
    expect(zonesFor("newyork")).toEqual(["America/New_York"]);
    expect(zonesFor("são paulo")).toEqual(["America/Sao_Paulo"]);
    expect(zonesFor("argentina")).toEqual(["America/Argentina/Buenos_Aires"]);
    expect(zonesFor("europe")).toEqual(["Europe/Berlin", "Europe/London"]);
    expect(zonesFor("  ")).toHaveLength(7);
    expect(zonesFor("atlantis")).toEqual([]);
  });

  it("puts the chosen zone back into its region when a search left it out", () => {
    const londonOnly = filterZones(groups, "london");
    const kept = withZone(londonOnly, "America/New_York");
    expect(kept.map((g) => g.region)).toEqual(["Americas", "Europe"]);
    expect(kept[0].zones.map((z) => z.zone)).toEqual(["America/New_York"]);
    expect(withZone(londonOnly, "Europe/London")).toBe(londonOnly);
  });
});
