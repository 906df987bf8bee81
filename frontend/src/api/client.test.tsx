import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch } from "../test/helpers";
import { fetchMe, login, logout } from "./auth";
import { ApiError } from "./client";

const creds = { email: "ana@example.com", password: "correct horse battery" };

describe("API client", () => {
  it("sends the CSRF token from /api/auth/csrf on POST, same-origin, and none on GET", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => json(200, ME),
      "GET /api/auth/me": () => json(200, ME),
    });

    await expect(login(creds)).resolves.toEqual(ME);
    await expect(fetchMe()).resolves.toEqual(ME);

    const [post] = net.to("POST /api/auth/login");
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(post.credentials).toBe("same-origin");
    expect(await post.json()).toEqual(creds);
    const [get] = net.to("GET /api/auth/me");
    expect(get.headers.get("X-CSRF-Token")).toBeNull();
  });

  it("caches the token between mutations and fetches a new one after login", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => json(200, ME),
      "POST /api/auth/logout": () => new Response(null, { status: 204 }),
    });

    await login(creds);
    await logout();

    // One token before login, a rotated one after it (used by logout), and one after logout.
    expect(net.to("POST /api/auth/logout")[0].headers.get("X-CSRF-Token")).toBe("csrf-2");
    expect(net.to("GET /api/auth/csrf")).toHaveLength(3);
  });

  it("refetches the token and retries once when the server answers 403 csrf_invalid", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": [() => apiError(403, "csrf_invalid", "Reload the page."), () => json(200, ME)],
    });

    await expect(login(creds)).resolves.toEqual(ME);

    const posts = net.to("POST /api/auth/login");
    expect(posts.map((p) => p.headers.get("X-CSRF-Token"))).toEqual(["csrf-1", "csrf-2"]);
    expect(await posts[1].json()).toEqual(creds);
  });

  it("retries only once, and not for other 403s", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => apiError(403, "csrf_invalid", "Reload the page."),
      "POST /api/auth/logout": () => apiError(403, "forbidden", "Not allowed."),
    });

    await expect(login(creds)).rejects.toMatchObject({ status: 403, code: "csrf_invalid" });
    expect(net.to("POST /api/auth/login")).toHaveLength(2);

    await expect(logout()).rejects.toMatchObject({ code: "forbidden", message: "Not allowed." });
    expect(net.to("POST /api/auth/logout")).toHaveLength(1);
  });

  it("turns error bodies into ApiError with field messages, and 401 on me into null", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () =>
        apiError(422, "validation_failed", "Check the form.", { email: "Enter an email address." }),
      "GET /api/auth/me": () => apiError(401, "unauthenticated", "Log in first."),
    });

    const err = await login(creds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, message: "Check the form.", fields: { email: "Enter an email address." } });
    await expect(fetchMe()).resolves.toBeNull();
  });
});
