import { describe, expect, it } from "vitest";
import { linkFrom, pathOf, routeFrom, tokenFrom, type Route } from "./routes";

const T = "hw_9Zq3kR7vYt2LmX8pWc4N";
const LINK = `/h/${T}`;
const ID = "5b0f6d1e-3c2a-4f8b-9d7e-1a2b3c4d5e01";

describe("addresses of the homework screens", () => {
  const screens: Array<[string, Route]> = [
    [LINK, { name: "today" }],
    [`${LINK}/task/${ID}/2026-11-24`, { name: "task", assignmentId: ID, date: "2026-11-24" }],
    [`${LINK}/journal`, { name: "journal" }],
    [`${LINK}/reminders`, { name: "reminders" }],
    [`${LINK}/week`, { name: "week" }],
    [`${LINK}/past`, { name: "past" }],
    [`${LINK}/help`, { name: "help" }],
  ];

  it.each(screens)("%s is a screen, and that screen's address is the same path", (path, route) => {
    expect(routeFrom(path)).toEqual(route);
    expect(pathOf(LINK, route)).toBe(path);
    expect(tokenFrom(path)).toBe(T);
    expect(linkFrom(path)).toBe(LINK);
  });

  it("reads a trailing slash or a query as the same screen", () => {
    expect(routeFrom(`${LINK}/`)).toEqual({ name: "today" });
    expect(routeFrom(`${LINK}/journal/`)).toEqual({ name: "journal" });
    expect(routeFrom(`${LINK}/past?x=1`)).toEqual({ name: "past" });
  });

  it.each([
    `${LINK}/nonsense`,
    `${LINK}/journal/more`,
    `${LINK}/task`,
    `${LINK}/task/${ID}`,
    `${LINK}/task/not-a-uuid/2026-11-24`,
    `${LINK}/task/${ID}/2026-02-30`, // no such day
    `${LINK}/task/${ID}/24-11-2026`,
    `${LINK}/task/${ID}/2026-11-24/extra`,
    `${LINK}/JOURNAL`,
    `${LINK}/%E0%A4%A`,
    "/h/",
    "/somewhere/else",
  ])("anything else after the token is Today: %s", (path) => {
    expect(routeFrom(path)).toEqual({ name: "today" });
  });

  it("keeps the token as written, and decodes it only to read it", () => {
    expect(linkFrom("/h/a%2Fb/journal")).toBe("/h/a%2Fb");
    expect(tokenFrom("/h/a%2Fb/journal")).toBe("a/b");
    expect(tokenFrom("/h/%E0%A4%A")).toBe("%E0%A4%A"); // not valid encoding: as it is
    expect(tokenFrom("/h/")).toBe("");
    expect(linkFrom("/app/clients")).toBe("");
  });

  it("writes a task's assignment id in lower case, as the API does", () => {
    expect(routeFrom(`${LINK}/task/${ID.toUpperCase()}/2026-11-24`)).toEqual({
      name: "task",
      assignmentId: ID,
      date: "2026-11-24",
    });
  });
});
