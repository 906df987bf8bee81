import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { TimeZoneField } from "./TimeZoneField";

/** The field in a form, holding its value the way a page does. */
function Form({ initial = "UTC", error, onSubmit = () => {} }: { initial?: string; error?: string; onSubmit?: () => void }) {
  const [zone, setZone] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <TimeZoneField name="time_zone" label="Time zone" hint="The practice's own clock." error={error} value={zone} onChange={setZone} />
      <output data-testid="sent">{zone}</output>
    </form>
  );
}

const select = () => screen.getByRole("combobox", { name: "Time zone" });
const search = () => screen.getByRole("searchbox", { name: "Search by city or region" });
const optionNames = () => within(select()).getAllByRole("option").map((o) => o.textContent);

describe("TimeZoneField", () => {
  it("groups the zones by region, each with its city and current offset", () => {
    render(<Form initial="Europe/London" />);
    expect(select()).toHaveValue("Europe/London");
    expect(select()).toHaveAccessibleDescription("The practice's own clock.");
    const regions = within(select()).getAllByRole("group").map((g) => g.getAttribute("label"));
    expect(regions).toEqual(expect.arrayContaining(["Africa", "Americas", "Asia", "Australia", "Europe", "Pacific", "UTC"]));
    expect(regions.indexOf("Africa")).toBeLessThan(regions.indexOf("Europe"));
    const europe = within(select()).getByRole("group", { name: "Europe" });
    expect(within(europe).getByRole("option", { name: "London (UTC+00:00)" })).toHaveValue("Europe/London");
    expect(within(europe).getByRole("option", { name: "Paris (UTC+01:00)" })).toHaveValue("Europe/Paris");
    expect(within(select()).getByRole("option", { name: "Kolkata (UTC+05:30)" })).toBeInTheDocument();
    expect(search()).toHaveAttribute("aria-controls", "time_zone");
  });

  it("narrows the list as you type, and chooses a zone that alone matches", async () => {
    const user = userEvent.setup();
    render(<Form />);
    await user.type(search(), "london");
    expect(select()).toHaveValue("Europe/London");
    expect(screen.getByTestId("sent")).toHaveTextContent("Europe/London");
    expect(optionNames()).toEqual(["London (UTC+00:00)"]);
    expect(search()).toHaveAccessibleDescription("One time zone matches: London (UTC+00:00), now chosen.");

    await user.clear(search());
    await user.type(search(), "new york");
    expect(select()).toHaveValue("America/New_York");
    expect(optionNames()).toEqual(["New York (UTC-05:00)"]);
  });

  it("offers every match to choose from, keeping the chosen zone in the list", async () => {
    const user = userEvent.setup();
    render(<Form initial="Asia/Tokyo" />);
    await user.type(search(), "argentina");
    expect(select()).toHaveValue("Asia/Tokyo");
    const names = optionNames();
    expect(names).toContain("Salta, Argentina (UTC-03:00)");
    expect(names).toContain("Tokyo (UTC+09:00)");
    expect(names.filter((n) => n?.includes("Argentina")).length).toBe(names.length - 1);
    expect(search()).toHaveAccessibleDescription(`${names.length - 1} time zones match. Choose one in the list below.`);

    await user.selectOptions(select(), "America/Argentina/Salta");
    expect(screen.getByTestId("sent")).toHaveTextContent("America/Argentina/Salta");
  });

  it("chooses the first match on Enter without sending the form", async () => {
    const onSubmit = vi.fn();
    const user = userEvent.setup();
    render(<Form onSubmit={onSubmit} />);
    await user.type(search(), "europe{Enter}");
    expect(onSubmit).not.toHaveBeenCalled();
    expect(select()).toHaveValue(within(select()).getAllByRole("option")[0].getAttribute("value"));
    expect(select()).not.toHaveValue("UTC");
  });

  it("says so when nothing matches, and keeps the chosen zone", async () => {
    const user = userEvent.setup();
    render(<Form initial="Europe/London" />);
    await user.type(search(), "atlantis");
    expect(search()).toHaveAccessibleDescription("No time zone matches “atlantis”. Try a city, such as London or New York.");
    expect(optionNames()).toEqual(["London (UTC+00:00)"]);
    expect(select()).toHaveValue("Europe/London");
  });

  it("shows an error next to the select and marks it invalid", () => {
    render(<Form error="is not a time zone we know; use a name like Europe/London" />);
    expect(select()).toHaveAttribute("aria-invalid", "true");
    expect(select()).toHaveAccessibleDescription(
      "The practice's own clock. is not a time zone we know; use a name like Europe/London",
    );
  });

  it("keeps a saved zone the browser does not list", () => {
    render(<Form initial="US/Eastern" />);
    expect(select()).toHaveValue("US/Eastern");
    expect(within(within(select()).getByRole("group", { name: "Other" })).getByRole("option")).toHaveValue("US/Eastern");
  });
});
