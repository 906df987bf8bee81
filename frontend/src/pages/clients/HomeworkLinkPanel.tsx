import { Fragment, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { asApiError } from "../../api/client";
import type { Client } from "../../api/clients";
import {
  useCreateHomeworkLink,
  useHomeworkLink,
  useRenewHomeworkLink,
  useResetPin,
  useRevokeHomeworkLink,
  useSendHomeworkLink,
  type HomeworkLink,
  type LinkChannel,
} from "../../api/homeworkLinks";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDate, formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";

type Pending = "rotate" | "revoke" | "pin" | LinkChannel;

const CHANNELS: LinkChannel[] = ["email", "sms"];
const BY: Record<LinkChannel, string> = { email: "by email", sms: "by text" };
const SEND_LABEL: Record<LinkChannel, string> = { email: "Send by email", sms: "Send by text" };

/**
 * Why the link can't be sent to the client on channel, or null when it can: Steady sends only
 * to an address on their record that they agreed to be contacted at (the server checks too).
 */
function sendBlocker(client: Client, channel: LinkChannel): string | null {
  const name = client.preferred_name || client.name;
  if (channel === "email" && !client.email) return `${name} has no email address on file, so the link can't be sent by email.`;
  if (channel === "email" && !client.consent_email) return `${name} hasn't agreed to email, so the link can't be sent by email.`;
  if (channel === "sms" && !client.mobile) return `${name} has no mobile number on file, so the link can't be sent by text.`;
  if (channel === "sms" && !client.consent_sms) return `${name} hasn't agreed to texts, so the link can't be sent by text.`;
  return null;
}

/**
 * A client's personal homework link: its state, making one (the URL shown this once), sending
 * a new one by email or text, renewing, revoking, and clearing the client's PIN.
 */
export function HomeworkLinkPanel({ client }: { client: Client }) {
  const link = useHomeworkLink(client.id);
  const create = useCreateHomeworkLink(client.id);
  const renew = useRenewHomeworkLink(client.id);
  const revoke = useRevokeHomeworkLink(client.id);
  const resetPin = useResetPin(client.id);
  const send = useSendHomeworkLink(client.id);
  // Held here only, never cached: once this panel goes, the URL is gone for good.
  const [url, setUrl] = useState<string | null>(null);
  // Set when the URL shown was also sent to the client.
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState("");
  // The buttons that open a confirmation, to put focus back on the right one when it closes.
  const openers = useRef<Record<Pending, HTMLButtonElement | null>>({
    rotate: null,
    revoke: null,
    pin: null,
    email: null,
    sms: null,
  });
  const name = client.preferred_name || client.name;
  const blockers = CHANNELS.map((channel) => [channel, sendBlocker(client, channel)] as const);

  const error = [create.error, send.error, renew.error, revoke.error, resetPin.error].find(Boolean);
  const busy = create.isPending || send.isPending || renew.isPending || revoke.isPending || resetPin.isPending;

  function open(kind: Pending) {
    reset();
    setPending(kind);
  }

  function close() {
    const kind = pending;
    setPending(null);
    reset();
    requestAnimationFrame(() => kind && openers.current[kind]?.focus());
  }

  function reset() {
    setNotice("");
    create.reset();
    send.reset();
    renew.reset();
    revoke.reset();
    resetPin.reset();
  }

  function makeLink() {
    reset();
    setUrl(null);
    create.mutate(undefined, {
      onSuccess: (made) => {
        setPending(null);
        setSent(false);
        setUrl(made.url);
      },
    });
  }

  function sendLink(channel: LinkChannel) {
    reset();
    setUrl(null);
    send.mutate(channel, {
      onSuccess: (made) => {
        setPending(null);
        setSent(true);
        setUrl(made.url);
        setNotice(`Sent to ${made.to} ${BY[made.channel]}.`);
      },
    });
  }

  function renewLink() {
    reset();
    renew.mutate(undefined, {
      onSuccess: (l) => setNotice(l.expires_at ? `The link now works until ${formatDate(l.expires_at)}.` : "The link is renewed."),
    });
  }

  function revokeLink() {
    revoke.mutate(undefined, {
      onSuccess: () => {
        setPending(null);
        setUrl(null);
        setNotice(`The link is revoked. ${name} can no longer open their homework with it.`);
      },
    });
  }

  function clearPin() {
    resetPin.mutate(undefined, {
      onSuccess: () => {
        setPending(null);
        setNotice(`${name}'s PIN is cleared. They choose a new one the next time they open their homework.`);
      },
    });
  }

  const state = link.data;
  const live = state && (state.status === "active" || state.status === "expired");

  return (
    <section className="panel homework-link" aria-labelledby="homework-link-heading">
      <h2 id="homework-link-heading">Homework link</h2>
      <p className="muted">
        {name} opens their homework from a personal link, with no account. Steady shows a link once, when it is made,
        and never again.
      </p>
      <QueryState query={link} what="the link" />
      {state && <LinkState link={state} />}
      <div role="status" className="notice-region">
        {notice && <p className="notice">{notice}</p>}
      </div>
      {url && (
        <NewLink
          url={url}
          hint={
            sent
              ? `Shown once. It is on its way to ${name}; copy it too if you need it.`
              : "Shown once. Send it to the client yourself or copy it now."
          }
        />
      )}
      <ErrorSummary error={error && !pending ? asApiError(error) : null} />
      {state && !pending && (
        <div className="row-actions">
          {live ? (
            <>
              <button type="button" className="button-secondary" disabled={busy} onClick={renewLink}>
                {renew.isPending ? "Renewing…" : "Renew for 90 days"}
              </button>
              <button
                ref={(el) => void (openers.current.rotate = el)}
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() => open("rotate")}
              >
                New link…
              </button>
              {CHANNELS.map((channel, i) => (
                <button
                  key={channel}
                  ref={(el) => void (openers.current[channel] = el)}
                  type="button"
                  className="button-secondary"
                  disabled={busy || blockers[i][1] !== null}
                  aria-describedby={blockers[i][1] ? `send-${channel}-reason` : undefined}
                  onClick={() => open(channel)}
                >
                  {SEND_LABEL[channel]}…
                </button>
              ))}
              <button
                ref={(el) => void (openers.current.revoke = el)}
                type="button"
                className="button-danger-outline"
                disabled={busy}
                onClick={() => open("revoke")}
              >
                Revoke…
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button-primary" disabled={busy} onClick={makeLink}>
                {create.isPending ? "Creating…" : "Create link"}
              </button>
              {CHANNELS.map((channel, i) => (
                <button
                  key={channel}
                  type="button"
                  className="button-secondary"
                  disabled={busy || blockers[i][1] !== null}
                  aria-describedby={blockers[i][1] ? `send-${channel}-reason` : undefined}
                  onClick={() => sendLink(channel)}
                >
                  {send.isPending && send.variables === channel ? "Sending…" : SEND_LABEL[channel]}
                </button>
              ))}
            </>
          )}
          <button
            ref={(el) => void (openers.current.pin = el)}
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => open("pin")}
          >
            Reset PIN…
          </button>
        </div>
      )}
      {state && !pending && blockers.some(([, why]) => why) && (
        <div className="send-reasons">
          {blockers.map(
            ([channel, why]) =>
              why && (
                <p key={channel} id={`send-${channel}-reason`} className="field-hint">
                  {why}
                </p>
              ),
          )}
          <p className="field-hint">
            <Link to={`/app/clients/${client.id}/edit`}>Edit {name}'s contact details</Link>
          </p>
        </div>
      )}
      {(pending === "email" || pending === "sms") && (
        <ConfirmPanel
          question={`Send ${name} a new link ${BY[pending]}?`}
          detail={`Steady makes a new link and sends it to ${pending === "email" ? client.email : client.mobile}. The current link stops working at once, and anyone using it is signed out.`}
          confirmLabel={SEND_LABEL[pending]}
          busyLabel="Sending…"
          busy={send.isPending}
          error={send.error ? asApiError(send.error) : null}
          onConfirm={() => sendLink(pending)}
          onCancel={close}
        />
      )}
      {pending === "rotate" && (
        <ConfirmPanel
          question={`Make a new link for ${name}?`}
          detail="The current link stops working at once, and anyone using it is signed out. You will need to send the new one."
          confirmLabel="Make a new link"
          busyLabel="Making the link…"
          busy={create.isPending}
          error={create.error ? asApiError(create.error) : null}
          onConfirm={makeLink}
          onCancel={close}
        />
      )}
      {pending === "revoke" && (
        <ConfirmPanel
          question={`Revoke ${name}'s homework link?`}
          detail="It stops working at once, and anyone using it is signed out. Their answers and journal stay. You can make a new link later."
          confirmLabel="Revoke link"
          busyLabel="Revoking…"
          busy={revoke.isPending}
          error={revoke.error ? asApiError(revoke.error) : null}
          danger
          onConfirm={revokeLink}
          onCancel={close}
        />
      )}
      {pending === "pin" && (
        <ConfirmPanel
          question={`Reset ${name}'s PIN?`}
          detail="Their PIN guards their past entries. Once it is reset, they choose a new one the next time they open their homework. Do this only when you know it is them asking."
          confirmLabel="Reset PIN"
          busyLabel="Resetting…"
          busy={resetPin.isPending}
          error={resetPin.error ? asApiError(resetPin.error) : null}
          onConfirm={clearPin}
          onCancel={close}
        />
      )}
    </section>
  );
}

function LinkState({ link }: { link: HomeworkLink }) {
  const rows: [string, string][] = [];
  if (link.created_at) rows.push(["Made", formatDate(link.created_at)]);
  if (link.status === "active" && link.expires_at) rows.push(["Expires", formatDate(link.expires_at)]);
  if (link.status === "expired" && link.expires_at) rows.push(["Expired", formatDate(link.expires_at)]);
  if (link.revoked_at) rows.push(["Revoked", formatDate(link.revoked_at)]);
  if (link.status !== "none") rows.push(["Last used", link.last_used_at ? formatDateTime(link.last_used_at) : "Not used yet"]);

  const summary = {
    none: "No link yet.",
    active: "The client can open their homework.",
    expired: "Expired. Renew it to let the client back in with the same link, or make a new one.",
    revoked: "Revoked. Create a new link to send the client.",
  }[link.status];

  return (
    <>
      <p className="link-status">
        <span className={`badge badge-link-${link.status}`}>{LINK_STATUS_LABELS[link.status]}</span> {summary}
      </p>
      {rows.length > 0 && (
        <dl className="details">
          {rows.map(([term, value]) => (
            <Fragment key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </>
  );
}

const LINK_STATUS_LABELS: Record<HomeworkLink["status"], string> = {
  none: "No link",
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

/** The URL, this once, in a read-only input with a Copy button. */
function NewLink({ url, hint }: { url: string; hint: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [url]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied.");
    } catch {
      input.current?.select();
      const ok = typeof document.execCommand === "function" && document.execCommand("copy");
      setCopied(ok ? "Copied." : "Copying did not work here. The link is selected: copy it with your keyboard.");
    }
  }

  return (
    <div className="new-link">
      <div className="field">
        <label htmlFor="homework-url">The new homework link</label>
        <p className="field-hint" id="homework-url-hint">
          {hint}
        </p>
        <div className="search-row">
          <input
            ref={input}
            id="homework-url"
            type="text"
            readOnly
            value={url}
            aria-describedby="homework-url-hint"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="button-secondary" onClick={() => void copy()}>
            Copy
          </button>
        </div>
        <p role="status" className="field-hint">
          {copied}
        </p>
      </div>
    </div>
  );
}
