import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PracticeExport } from "../../api/practiceData";
import { daysFromNow } from "../../test/clock";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const EXPORT_ID = "e0e0e0e0-1111-4222-8333-444455556666";

/** An export of the practice at a stage. */
function exportAt(over: Partial<PracticeExport>): PracticeExport {
  return {
    id: EXPORT_ID,
    status: "queued",
    tables_done: 0,
    tables_total: 0,
    rows_done: 0,
    rows_total: 0,
    created_at: daysFromNow(0, "11:58"),
    ...over,
  };
}

const RUNNING = exportAt({ status: "running", tables_done: 12, tables_total: 34, rows_done: 1200, rows_total: 5400 });
const READY = exportAt({
  status: "ready",
  tables_done: 34,
  tables_total: 34,
  rows_done: 5400,
  rows_total: 5400,
  size_bytes: 2_480_000,
  sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  finished_at: daysFromNow(0, "11:59"),
  expires_at: daysFromNow(1, "11:59"),
  download_url: `/api/practice/exports/${EXPORT_ID}/download`,
});

function routes(list: Array<() => Response>) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/practice": () => json(200, PRACTICE_SETTINGS),
    "GET /api/practice/exports": list,
  };
}

describe("exporting all practice data", () => {
  it("starts an export, follows its progress, then offers the download while the link lasts", async () => {
    const net = mockFetch({
      ...routes([
        () => json(200, { exports: [] }),
        () => json(200, { exports: [RUNNING] }),
        () => json(200, { exports: [READY] }),
      ]),
      "POST /api/practice/exports": () => json(202, { export: exportAt({}) }),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    const section = await screen.findByRole("region", { name: "Export all practice data" });
    await user.click(await within(section).findByRole("button", { name: "Export all practice data" }));
    expect(net.to("POST /api/practice/exports")).toHaveLength(1);

    expect(await within(section).findByText("12 of 34 files, 1,200 of 5,400 rows")).toBeInTheDocument();
    expect(within(section).getByRole("progressbar")).toHaveAttribute("value", "1200");
    expect(within(section).queryByRole("button")).not.toBeInTheDocument();

    const link = await within(section).findByRole("link", { name: "Download the archive" }, { timeout: 5000 });
    expect(link).toHaveAttribute("href", `/api/practice/exports/${EXPORT_ID}/download`);
    expect(section).toHaveTextContent("Export ready (2.5 MB)");
    expect(section).toHaveTextContent(READY.sha256!);
    expect(within(section).getByRole("button", { name: "Start a new export" })).toBeInTheDocument();
  });

  it("says when the last link has expired or the export failed, and lets the owner start again", async () => {
    mockFetch(routes([() => json(200, { exports: [exportAt({ status: "expired" })] })]));
    const { unmount } = renderApp("/app/settings");
    const section = await screen.findByRole("region", { name: "Export all practice data" });
    expect(await within(section).findByText(/download link has expired/)).toBeInTheDocument();
    expect(within(section).queryByRole("link", { name: "Download the archive" })).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Start a new export" })).toBeInTheDocument();
    unmount();

    mockFetch(routes([() => json(200, { exports: [exportAt({ status: "failed" })] })]));
    renderApp("/app/settings");
    const again = await screen.findByRole("region", { name: "Export all practice data" });
    expect(await within(again).findByRole("alert")).toHaveTextContent("The last export failed.");
  });

  it("shows a refusal to start", async () => {
    mockFetch({
      ...routes([() => json(200, { exports: [] })]),
      "POST /api/practice/exports": () => apiError(429, "rate_limited", "Too many attempts. Please wait a minute."),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();
    const section = await screen.findByRole("region", { name: "Export all practice data" });
    await user.click(await within(section).findByRole("button", { name: "Export all practice data" }));
    expect(await within(section).findByRole("alert")).toHaveTextContent("Too many attempts.");
  });

  it("is the owner's alone: an admin's settings neither offer it nor ask for the exports", async () => {
    const net = mockFetch({
      ...routes([() => json(200, { exports: [] })]),
      "GET /api/auth/me": () => json(200, { ...ME, role: "admin" }),
    });
    renderApp("/app/settings");
    expect(await screen.findByLabelText("Practice name")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Export all practice data" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Close practice" })).not.toBeInTheDocument();
    expect(net.to("GET /api/practice/exports")).toHaveLength(0);
  });
});
