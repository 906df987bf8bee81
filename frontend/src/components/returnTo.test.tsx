import { describe, expect, it } from "vitest";
import { backFromState, safeReturnPath } from "./returnTo";

describe("safeReturnPath", () => {
  it("keeps pages of the staff app", () => {
    for (const path of ["/app", "/app/couples", "/app/clients/7a0e5c9b/progress", "/app/audit?action=client.read"]) {
      expect(safeReturnPath(path)).toBe(path);
    }
  });

  it("refuses anything that could lead off the app", () => {
    for (const path of [
      null,
      "",
      "https://evil.example/app",
      "//evil.example/app",
      "/app//evil.example",
      "/app/\\evil.example",
      "/application",
      "app/clients",
      "/login",
      "/app/\u0000",
      `/app/${"x".repeat(400)}`,
    ]) {
      expect(safeReturnPath(path), String(path)).toBeNull();
    }
  });

  it("reads a way back from navigation state only when it is safe and labelled", () => {
    expect(backFromState({ back: { to: "/app/couples", label: "Back to couples" } })).toEqual({
      to: "/app/couples",
      label: "Back to couples",
    });
    expect(backFromState({ back: { to: "https://evil.example", label: "Back" } })).toBeNull();
    expect(backFromState({ back: { to: "/app" } })).toBeNull();
    expect(backFromState(null)).toBeNull();
  });
});
