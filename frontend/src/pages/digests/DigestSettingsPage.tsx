import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import {
  useClearMemberAlertRules,
  useMemberAlertRules,
  useSaveMemberAlertRules,
  type AlertRules,
} from "../../api/alertRules";
import { useMe } from "../../api/auth";
import { asApiError } from "../../api/client";
import {
  useDigestSettings,
  useSaveDigestSettings,
  WEEKDAYS,
  type DigestSettings,
  type DigestSettingsUpdate,
} from "../../api/digests";
import { CheckboxField } from "../../components/CheckboxField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDayAndTime } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { SelectField } from "../../components/SelectField";
import { TimeZoneField } from "../../components/TimeZoneField";
import { browserTimeZone, timeZoneLabel } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { AlertRulesForm } from "../settings/AlertRulesForm";

const LABELS: Record<keyof DigestSettingsUpdate, string> = {
  weekday: "Day",
  hour: "Time",
  time_zone: "Time zone",
  email: "Email me when my digest is ready",
};

/** 00:00 … 23:00. */
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** /app/digests/settings: when the caller's own weekly digest is made, and whether it is emailed. */
export function DigestSettingsPage() {
  useDocumentTitle("Digest settings");
  const settings = useDigestSettings();
  return (
    <>
      <p className="back-link">
        <Link to="/app/digests">Back to your digest</Link>
      </p>
      <h1>Digest settings</h1>
      <p className="lead">
        Your digest is made once a week, on the day and at the hour you choose, on your own clock. It looks back on the
        seven days before that day. These settings are yours alone.
      </p>
      {settings.isPending ? (
        <Loading what="your digest settings" />
      ) : settings.isError ? (
        <LoadError error={asApiError(settings.error)} onRetry={() => void settings.refetch()} />
      ) : (
        <DigestSettingsForm initial={settings.data} />
      )}
      <MyAlertRules />
    </>
  );
}

/**
 * "My alert rules": the rules for the signed-in member's own clients. Until they save here they
 * follow the practice's rules; once saved, these are their own (the API's `override`).
 */
function MyAlertRules() {
  const me = useMe();
  const userId = me.data?.user.id;
  const rules = useMemberAlertRules(userId);
  return (
    <section className="panel my-alert-rules" aria-labelledby="my-alert-rules-heading">
      <h2 id="my-alert-rules-heading">My alert rules</h2>
      <p className="muted">
        When one of these is met for one of your clients, a follow-up opens on your overview.
      </p>
      {!userId || rules.isPending ? (
        <Loading what="your alert rules" />
      ) : rules.isError ? (
        <LoadError error={asApiError(rules.error)} onRetry={() => void rules.refetch()} />
      ) : (
        <MyAlertRulesForm userId={userId} initial={rules.data} />
      )}
    </section>
  );
}

function MyAlertRulesForm({ userId, initial }: { userId: string; initial: AlertRules }) {
  const save = useSaveMemberAlertRules(userId);
  const clear = useClearMemberAlertRules(userId);
  // Clearing puts the practice's rules back in the form: a new form, started from the answer.
  const [cleared, setCleared] = useState<{ n: number; rules: AlertRules } | null>(null);
  const override = initial.override ?? false;
  function onClear() {
    save.reset();
    clear.mutate(undefined, { onSuccess: (rules) => setCleared((c) => ({ n: (c?.n ?? 0) + 1, rules })) });
  }
  return (
    <>
      <Notice text={cleared && !override ? "You follow the practice's alert rules again." : null} />
      {clear.isError && <ErrorSummary error={asApiError(clear.error)} labels={{}} />}
      <p className="alert-rules-whose">
        {override
          ? "You use your own alert rules. The practice's rules do not apply to your clients."
          : "You follow the practice's alert rules. Saving here makes these your own, for your clients only."}
      </p>
      {override && (
        <p>
          <button type="button" className="button-secondary" onClick={onClear} disabled={clear.isPending}>
            Use the practice's rules instead
          </button>
        </p>
      )}
      <AlertRulesForm
        key={cleared?.n ?? 0}
        initial={cleared?.rules ?? initial}
        idPrefix="my-alert-rules"
        legend="Open a follow-up when"
        save={save}
        submitLabel="Save my alert rules"
        savedText="Your alert rules are saved. They apply to your clients instead of the practice's."
      />
    </>
  );
}

/** When the next digest is made, in the browser's own time zone. */
function nextDigest(at: string | null): string {
  if (!at) return "";
  return `Your next digest will be made on ${formatDayAndTime(at)} (${timeZoneLabel(browserTimeZone())} time).`;
}

function DigestSettingsForm({ initial }: { initial: DigestSettings }) {
  const [form, setForm] = useState<DigestSettingsUpdate>({
    weekday: initial.weekday,
    hour: initial.hour,
    time_zone: initial.time_zone,
    email: initial.email,
  });
  const [saved, setSaved] = useState(false);
  const [nextSendAt, setNextSendAt] = useState(initial.next_send_at);
  const save = useSaveDigestSettings();
  const error = save.error ? asApiError(save.error) : null;
  const fields = error?.fields ?? {};

  function set<K extends keyof DigestSettingsUpdate>(name: K, value: DigestSettingsUpdate[K]) {
    setSaved(false);
    setForm((f) => ({ ...f, [name]: value }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    save.reset();
    save.mutate(form, {
      onSuccess: (stored) => {
        setSaved(true);
        setNextSendAt(stored.next_send_at);
      },
    });
  }

  return (
    <form className="form digest-settings-form" onSubmit={onSubmit} noValidate>
      {/* Once saved, the status says when the next digest is made (so it is announced too). */}
      <Notice text={saved ? `Digest settings saved. ${nextDigest(nextSendAt)}` : null} />
      <ErrorSummary error={error} labels={LABELS} />
      {!saved && nextSendAt && <p className="digest-next">{nextDigest(nextSendAt)}</p>}
      <div className="time-fields">
        <SelectField
          name="weekday"
          label={LABELS.weekday}
          value={form.weekday}
          onChange={(e) => set("weekday", e.target.value)}
          error={fields.weekday}
        >
          {WEEKDAYS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="hour"
          label={LABELS.hour}
          value={String(form.hour)}
          onChange={(e) => set("hour", Number(e.target.value))}
          error={fields.hour}
        >
          {HOURS.map((h) => (
            <option key={h} value={String(h)}>
              {hourLabel(h)}
            </option>
          ))}
        </SelectField>
      </div>
      <TimeZoneField
        name="time_zone"
        label={LABELS.time_zone}
        hint="The day and time above are read on this clock."
        value={form.time_zone}
        onChange={(zone) => set("time_zone", zone)}
        error={fields.time_zone}
      />
      <CheckboxField
        name="email"
        label={LABELS.email}
        hint="The email only says how many clients need your attention and links to your digest here. No names or answers are in it."
        checked={form.email}
        onChange={(e) => set("email", e.target.checked)}
        error={fields.email}
      />
      <button type="submit" className="button-primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save digest settings"}
      </button>
    </form>
  );
}
