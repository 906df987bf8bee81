import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Client } from "../../api/clients";
import { daysFromNow } from "../../test/clock";
import { ACTIVE_LINK, HOMEWORK_URL_ONCE, SAM, SAM_ID, SAM_LINK_URL, samPageRoutes } from "../../test/fixtures";
import { apiError, json, mockFetch, renderApp } from "../../test/helpers";

const sendUrl = `${SAM_LINK_URL}/send`;
const URL_ONCE = HOMEWORK_URL_ONCE;
const ACTIVE = ACTIVE_LINK;
const FRESH = { status: "active", created_at: daysFromNow(0, "10:00"), expires_at: daysFromNow(90, "10:00") };

function routes(client: Client, link: object) {
  return samPageRoutes({ client, link });
}

async function panel() {
  return screen.findByRole("region", { name: "Homework link" });
}

describe("sending the homework link", () => {
  it("sends a first link by email, says where it went, and still shows the URL to copy", async () => {
    const net = mockFetch({
      ...routes(SAM, { status: "none" }),
      [`POST ${sendUrl}`]: () => json(201, { link: FRESH, url: URL_ONCE, channel: "email", to: "s•••@example.com" }),
    });
    const { queryClient } = renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const p = await panel();
    await within(p).findByText("No link yet.");

    // Sam agreed to email but not to texts.
    const byText = within(p).getByRole("button", { name: "Send by text" });
    expect(byText).toBeDisabled();
    expect(byText).toHaveAccessibleDescription("Sam hasn't agreed to texts, so the link can't be sent by text.");
    expect(within(p).getByRole("link", { name: "Edit Sam's contact details" })).toHaveAttribute(
      "href",
      `/app/clients/${SAM_ID}/edit`,
    );
    const byEmail = within(p).getByRole("button", { name: "Send by email" });
    expect(byEmail).toBeEnabled();

    await user.click(byEmail); // nothing to replace, so no confirmation
    expect(await within(p).findByText("Sent to s•••@example.com by email.")).toBeInTheDocument();
    expect(within(p).getByText("Sent to s•••@example.com by email.").closest("[role=status]")).not.toBeNull();
    const url = within(p).getByLabelText("The new homework link");
    expect(url).toHaveValue(URL_ONCE);
    expect(url).toHaveAccessibleDescription("Shown once. It is on its way to Sam; copy it too if you need it.");
    expect(within(p).getByRole("button", { name: "Copy" })).toBeInTheDocument();
    expect(within(p).getByText("Active", { selector: ".badge" })).toBeInTheDocument();

    const [post] = net.to(`POST ${sendUrl}`);
    expect(await post.json()).toEqual({ channel: "email" });
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(URL_ONCE);
  });

  it("confirms before replacing a live link, and shows the server's refusal in place", async () => {
    const texting = { ...SAM, consent_sms: true };
    const net = mockFetch({
      ...routes(texting, ACTIVE),
      [`POST ${sendUrl}`]: () =>
        apiError(422, "no_sms_consent", "This client hasn't agreed to texts. Record their consent on their details first.", {
          channel: "This client hasn't agreed to texts. Record their consent on their details first.",
        }),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const p = await panel();
    await within(p).findByText(/The client can open their homework/);
    expect(within(p).queryByRole("link", { name: /contact details/ })).not.toBeInTheDocument();

    await user.click(within(p).getByRole("button", { name: "Send by text…" }));
    let confirm = within(p).getByRole("group", { name: "Send Sam a new link by text?" });
    expect(confirm).toHaveTextContent("sends it to +447700900123");
    expect(confirm).toHaveTextContent("The current link stops working at once");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(p).getByRole("button", { name: "Send by text…" })).toHaveFocus());
    expect(net.to(`POST ${sendUrl}`)).toHaveLength(0);

    await user.click(within(p).getByRole("button", { name: "Send by text…" }));
    confirm = within(p).getByRole("group", { name: "Send Sam a new link by text?" });
    await user.click(within(confirm).getByRole("button", { name: "Send by text" }));
    expect(await within(confirm).findByRole("alert")).toHaveTextContent("This client hasn't agreed to texts.");
    expect(await net.to(`POST ${sendUrl}`)[0].json()).toEqual({ channel: "sms" });
    expect(within(p).queryByLabelText("The new homework link")).not.toBeInTheDocument();
  });

  it("turns both off, with the reasons, when the client has no address to send to", async () => {
    const nowhere = { ...SAM, email: "", mobile: "", consent_email: false, consent_sms: false };
    mockFetch(routes(nowhere, { status: "none" }));
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const p = await panel();
    await within(p).findByText("No link yet.");
    expect(within(p).getByRole("button", { name: "Send by email" })).toHaveAccessibleDescription(
      "Sam has no email address on file, so the link can't be sent by email.",
    );
    expect(within(p).getByRole("button", { name: "Send by email" })).toBeDisabled();
    expect(within(p).getByRole("button", { name: "Send by text" })).toHaveAccessibleDescription(
      "Sam has no mobile number on file, so the link can't be sent by text.",
    );
    expect(within(p).getByRole("button", { name: "Create link" })).toBeEnabled();
  });
});
