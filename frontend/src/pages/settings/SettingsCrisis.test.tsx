import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { CrisisDefault, CrisisSupport } from "../../api/crisis";
import type { PracticeSettings } from "../../api/team";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";
import { SettingsCrisis } from "./SettingsCrisis";

const NEXT = "Your clinician has been told about this answer and will be in touch.";

const GB: CrisisSupport = {
  country: "GB",
  resources: [
    { name: "Samaritans", contact: "Call 116 123, free, any time", href: "tel:116123" },
    { name: "Emergency services", contact: "Call 999 if you are in danger now", href: "tel:999" },
  ],
  next_steps: NEXT,
};

const US: CrisisSupport = {
  country: "US",
  resources: [{ name: "988 Suicide & Crisis Lifeline", contact: "Call or text 988, any time", href: "tel:988" }],
  next_steps: NEXT,
};

const defaults: Record<string, CrisisDefault> = {
  GB: { crisis: GB, tailored: true },
  US: { crisis: US, tailored: true },
  IE: {
    crisis: { country: "IE", resources: [{ name: "Emergency services", contact: "Call your local emergency number" }], next_steps: NEXT },
    tailored: false,
  },
};

/** The defaults route, answering by ?country=. */
function defaultRoute() {
  return {
    "GET /api/practice/crisis-default": (r: Request) => {
      const d = defaults[new URL(r.url).searchParams.get("country") ?? ""];
      return d ? json(200, d) : apiError(422, "validation_failed", "Please correct the highlighted fields.");
    },
  };
}

/** The section alone, holding its value the way the settings form does. */
function renderSection(initial: CrisisSupport, errors: Record<string, string> = {}) {
  let current = initial;
  function Harness() {
    const [value, setValue] = useState(initial);
    current = value;
    return <SettingsCrisis value={value} onChange={setValue} errors={errors} />;
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Harness />
    </QueryClientProvider>,
  );
  return { value: () => current };
}

const preview = () => screen.getByRole("region", { name: "What the client sees" });

describe("crisis support settings", () => {
  it("shows the country, the services, what happens next and a preview, and says it is Steady's default", async () => {
    mockFetch(defaultRoute());
    renderSection(GB);

    expect(screen.getByRole("heading", { name: "Crisis support" })).toBeInTheDocument();
    expect(screen.getByLabelText("Country")).toHaveValue("GB");
    expect(within(screen.getByLabelText("Country")).getByRole("option", { name: "United Kingdom" })).toBeInTheDocument();
    const first = screen.getByRole("group", { name: "Service 1" });
    expect(within(first).getByLabelText("Name")).toHaveValue("Samaritans");
    expect(within(first).getByLabelText("How to reach it")).toHaveValue("Call 116 123, free, any time");
    expect(within(first).getByLabelText("Link (optional)")).toHaveValue("tel:116123");
    expect(screen.getByLabelText("What happens next")).toHaveValue(NEXT);

    expect(await screen.findByText(/Clients see Steady's default for United Kingdom/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Use Steady's default/ })).not.toBeInTheDocument();
    expect(within(preview()).getByRole("link", { name: "Call 116 123, free, any time" })).toHaveAttribute("href", "tel:116123");
    expect(within(preview()).getByText(NEXT)).toBeInTheDocument();
  });

  it("edits, adds, moves and removes services, and goes back to the default", async () => {
    mockFetch(defaultRoute());
    const section = renderSection(GB);
    const user = userEvent.setup();
    await screen.findByText(/Clients see Steady's default/);

    const name = within(screen.getByRole("group", { name: "Service 1" })).getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Harbour duty line");
    expect(within(preview()).getByText("Harbour duty line")).toBeInTheDocument();
    expect(screen.getByText("Clients see your practice's own words.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Add a service" }));
    const third = screen.getByRole("group", { name: "Service 3" });
    await user.type(within(third).getByLabelText("Name"), "Shout");
    await user.type(within(third).getByLabelText("How to reach it"), "Text SHOUT to 85258");
    await user.click(within(third).getByRole("button", { name: "Move up service 3" }));
    expect(section.value().resources.map((r) => r.name)).toEqual(["Harbour duty line", "Shout", "Emergency services"]);
    await user.click(screen.getByRole("button", { name: "Remove service 3" }));
    expect(section.value().resources.map((r) => r.name)).toEqual(["Harbour duty line", "Shout"]);
    expect(screen.getByRole("button", { name: "Move up service 1" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Move down service 2" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Use Steady's default for United Kingdom" }));
    expect(section.value()).toEqual(GB);
    expect(within(screen.getByRole("group", { name: "Service 1" })).getByLabelText("Name")).toHaveValue("Samaritans");
    expect(screen.getByText(/Clients see Steady's default for United Kingdom/)).toBeInTheDocument();
  });

  it("offers at most ten services", async () => {
    mockFetch(defaultRoute());
    renderSection({ ...GB, resources: Array.from({ length: 9 }, (_, i) => ({ name: `Line ${i + 1}`, contact: "Call" })) });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add a service" }));
    expect(screen.getByRole("group", { name: "Service 10" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add a service" })).toBeDisabled();
    expect(screen.getByText("That is the most a client's screen can list.")).toBeInTheDocument();
  });

  it("brings the new country's default with the country while the practice is on the default", async () => {
    mockFetch(defaultRoute());
    const section = renderSection(GB);
    const user = userEvent.setup();
    await screen.findByText(/Clients see Steady's default for United Kingdom/);

    await user.selectOptions(screen.getByLabelText("Country"), "US");
    expect(await screen.findByText(/Clients see Steady's default for United States/)).toBeInTheDocument();
    expect(section.value()).toEqual(US);
    expect(within(preview()).getByText("988 Suicide & Crisis Lifeline")).toBeInTheDocument();
  });

  it("keeps the practice's own words when the country changes", async () => {
    mockFetch(defaultRoute());
    const own = { ...GB, next_steps: "Ruth will ring you tomorrow." };
    const section = renderSection(own);
    const user = userEvent.setup();
    await screen.findByText("Clients see your practice's own words.");

    await user.selectOptions(screen.getByLabelText("Country"), "US");
    expect(await screen.findByRole("button", { name: "Use Steady's default for United States" })).toBeInTheDocument();
    expect(section.value()).toEqual({ ...own, country: "US" });
  });

  it("asks for the practice's own services where Steady has none for the country", async () => {
    mockFetch(defaultRoute());
    renderSection(defaults.IE.crisis);
    expect(await screen.findByText(/Steady does not know the crisis services of Ireland yet/)).toBeInTheDocument();
  });

  it("asks a practice whose country is not known to choose one", async () => {
    mockFetch(defaultRoute());
    renderSection({ ...defaults.IE.crisis, country: "" });
    expect(screen.getByLabelText("Country")).toHaveValue("");
    expect(screen.getByRole("option", { name: "Choose a country" })).toBeInTheDocument();
  });

  it("never makes a link of anything but tel:, sms: or https: in the preview", () => {
    mockFetch(defaultRoute());
    renderSection({
      ...GB,
      resources: [
        { name: "Bad", contact: "Tap me", href: "javascript:alert(1)" },
        { name: "Plain", contact: "Visit us", href: "http://example.com" },
        { name: "Web", contact: "Read more", href: "https://example.com/help" },
      ],
    });
    expect(within(preview()).queryByRole("link", { name: "Tap me" })).not.toBeInTheDocument();
    expect(within(preview()).queryByRole("link", { name: "Visit us" })).not.toBeInTheDocument();
    expect(within(preview()).getByRole("link", { name: "Read more" })).toHaveAttribute("href", "https://example.com/help");
  });
});

const SETTINGS: PracticeSettings = { ...PRACTICE_SETTINGS, crisis: GB };

describe("crisis support on the settings page", () => {
  it("sends crisis support only once it is changed, and shows the API's errors next to the field", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/practice": () => json(200, SETTINGS),
      ...defaultRoute(),
      "PATCH /api/practice": [
        async (r) => json(200, { ...SETTINGS, ...(await r.json()), crisis: US }),
        async (r) => json(200, { ...SETTINGS, ...(await r.json()), crisis: US }),
        () =>
          apiError(422, "validation_failed", "Please correct the highlighted fields.", {
            "crisis.resources.0.href": "must start with tel:, sms: or https:",
          }),
      ],
    });
    renderApp("/app/settings");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Crisis support" });

    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Settings saved.");
    expect(await net.to("PATCH /api/practice")[0].json()).not.toHaveProperty("crisis");
    // The form now shows crisis support as stored (a new time zone can bring a new country).
    expect(await screen.findByText(/Clients see Steady's default for United States/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(net.to("PATCH /api/practice")).toHaveLength(2));
    expect(await net.to("PATCH /api/practice")[1].json()).not.toHaveProperty("crisis");

    const link = within(screen.getByRole("group", { name: "Service 1" })).getByLabelText("Link (optional)");
    await user.clear(link);
    await user.type(link, "javascript:alert(1)");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("link", { name: /Service 1: link/ })).toHaveAttribute("href", "#crisis.resources.0.href");
    expect(link).toHaveAttribute("aria-invalid", "true");
    expect(link).toHaveAccessibleDescription(/must start with tel:, sms: or https:/);
    const sent = await net.to("PATCH /api/practice")[2].json();
    expect(sent.crisis.resources[0].href).toBe("javascript:alert(1)");
    expect(sent.crisis.country).toBe("US");
  });
});
