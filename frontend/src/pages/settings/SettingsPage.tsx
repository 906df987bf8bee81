import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { usePracticeAlertRules, useSavePracticeAlertRules } from "../../api/alertRules";
import { asApiError, type Me } from "../../api/client";
import { sameSupport } from "../../api/crisis";
import { canManageSettings, usePracticeSettings, useSavePracticeSettings, type PracticeSettings } from "../../api/team";
import { CheckboxField } from "../../components/CheckboxField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { LoadError, Loading } from "../../components/LoadState";
import { TimeZoneField } from "../../components/TimeZoneField";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { canClosePractice, canExportPractice } from "../../api/permissions";
import { useCurrentUser } from "../AppShell";
import { AlertRulesForm } from "./AlertRulesForm";
import { ClosePractice } from "./ClosePractice";
import { PracticeExport } from "./PracticeExport";
import { crisisLabels, SettingsCrisis } from "./SettingsCrisis";

const LABELS: Record<keyof PracticeSettings, string> = {
  name: "Practice name",
  time_zone: "Time zone",
  reminder_window_start: "Reminders may start at",
  reminder_window_end: "Reminders stop at",
  quiet_hours_start: "Quiet hours from",
  quiet_hours_end: "Quiet hours until",
  require_two_factor: "Require two-factor sign-in for all members",
  homework_pin_required: "Ask clients for a PIN before showing their past entries",
  crisis: "Crisis support",
};

/** /app/settings: the practice's name, time zone and reminder hours (owners and admins). */
export function SettingsPage() {
  useDocumentTitle("Settings");
  const me = useCurrentUser();
  const allowed = canManageSettings(me.role);
  const settings = usePracticeSettings(allowed);

  return (
    <>
      <h1>Practice settings</h1>
      {!allowed ? (
        <p>
          Only the owner and admins can change the practice's settings. <Link to="/app">Go to the overview</Link>
        </p>
      ) : settings.isPending ? (
        <Loading what="the settings" />
      ) : settings.isError ? (
        <LoadError error={asApiError(settings.error)} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm initial={settings.data} me={me} />
      )}
      {allowed && <PracticeAlertRules />}
      {canExportPractice(me.role) && <PracticeExport />}
      {canClosePractice(me.role) && <ClosePractice me={me} />}
    </>
  );
}

/** The practice's alert rules, saved on their own: they open the follow-ups on each member's overview. */
function PracticeAlertRules() {
  const rules = usePracticeAlertRules();
  const save = useSavePracticeAlertRules();
  return (
    <section className="alert-rules-settings" aria-label="Alert rules">
      {rules.isPending ? (
        <Loading what="the alert rules" />
      ) : rules.isError ? (
        <LoadError error={asApiError(rules.error)} onRetry={() => void rules.refetch()} />
      ) : (
        <AlertRulesForm
          initial={rules.data}
          idPrefix="practice-alert-rules"
          legend="Alert rules"
          intro={
            <p className="field-hint">
              When one of these is met for a client, a follow-up opens on their clinician's overview. Members may set
              their own rules for their clients instead, under Digest settings.
            </p>
          }
          save={save}
          submitLabel="Save alert rules"
          savedText="Alert rules saved."
        />
      )}
    </section>
  );
}

function SettingsForm({ initial, me }: { initial: PracticeSettings; me: Me }) {
  const [form, setForm] = useState<PracticeSettings>(initial);
  const [saved, setSaved] = useState(false);
  const save = useSavePracticeSettings();
  const error = save.error ? asApiError(save.error) : null;
  const fields = error?.fields ?? {};
  // Older servers do not offer the two-factor rule; show it only when the API does.
  const offersTwoFactorRule = initial.require_two_factor !== undefined;

  function set<K extends keyof PracticeSettings>(name: K, value: PracticeSettings[K]) {
    setSaved(false);
    setForm((f) => ({ ...f, [name]: value }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    save.reset();
    // Crisis support is sent only once changed: until then the practice keeps Steady's default.
    const crisis = sameSupport(form.crisis, initial.crisis) ? undefined : form.crisis;
    save.mutate(
      { ...form, name: form.name.trim(), crisis },
      {
        onSuccess: (stored) => {
          setSaved(true);
          // As stored: a new time zone may have brought another country's default.
          setForm((f) => ({ ...f, crisis: stored.crisis }));
        },
      },
    );
  }

  function time(name: "reminder_window_start" | "reminder_window_end" | "quiet_hours_start" | "quiet_hours_end") {
    return (
      <Field
        name={name}
        label={LABELS[name]}
        type="time"
        required
        value={form[name]}
        onChange={(e) => set(name, e.target.value)}
        error={fields[name]}
      />
    );
  }

  return (
    <form className="form settings-form" onSubmit={onSubmit} noValidate>
      {saved && (
        <p role="status" className="notice">
          Settings saved.
        </p>
      )}
      <ErrorSummary error={error} labels={{ ...LABELS, ...crisisLabels(form.crisis) }} />
      <Field
        name="name"
        label={LABELS.name}
        autoComplete="organization"
        required
        value={form.name}
        onChange={(e) => set("name", e.target.value)}
        error={fields.name}
      />
      <TimeZoneField
        name="time_zone"
        label={LABELS.time_zone}
        hint="The practice's own clock. Reminders follow each client's own time zone, the one on their record."
        value={form.time_zone}
        onChange={(zone) => set("time_zone", zone)}
        error={fields.time_zone}
      />
      <fieldset className="group time-pair">
        <legend>Default reminder window</legend>
        <p className="field-hint">The hours in which reminders to clients may go out, unless set otherwise.</p>
        <div className="time-fields">
          {time("reminder_window_start")}
          {time("reminder_window_end")}
        </div>
      </fieldset>
      <fieldset className="group time-pair">
        <legend>Quiet hours (in each client's own time zone)</legend>
        <p className="field-hint">{quietHoursText(form.quiet_hours_start, form.quiet_hours_end)}</p>
        <div className="time-fields">
          {time("quiet_hours_start")}
          {time("quiet_hours_end")}
        </div>
      </fieldset>
      {offersTwoFactorRule && (
        <>
          <CheckboxField
            name="require_two_factor"
            label={LABELS.require_two_factor}
            hint="Members without two-factor sign-in are asked to set it up before they can do anything else."
            checked={form.require_two_factor ?? false}
            onChange={(e) => set("require_two_factor", e.target.checked)}
            error={fields.require_two_factor}
          />
          {form.require_two_factor && !me.two_factor_enabled && (
            <p className="warning">
              You have not set up two-factor sign-in yourself. Once this is saved, Steady will ask you to set it up
              before anything else; have your phone at hand.
            </p>
          )}
        </>
      )}
      {form.homework_pin_required !== undefined && (
        <CheckboxField
          name="homework_pin_required"
          label={LABELS.homework_pin_required}
          hint="A partner may be able to open a client's email or phone. With this on, the homework link shows past answers and journal entries only after the client's own PIN."
          checked={form.homework_pin_required}
          onChange={(e) => set("homework_pin_required", e.target.checked)}
          error={fields.homework_pin_required}
        />
      )}
      {form.crisis && <SettingsCrisis value={form.crisis} onChange={(c) => set("crisis", c)} errors={fields} />}
      <button type="submit" className="button-primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}

/**
 * Quiet hours as they work: read on each client's own clock, from the start (included) until
 * the end (not included), so a reminder at the end time itself goes out.
 */
function quietHoursText(start: string, end: string): string {
  if (!start || !end) return "Choose when quiet hours start and end. They may run past midnight.";
  if (start === end) return "No quiet hours: reminders may go out at any time of day.";
  return `No reminders from ${start} until ${end}; a reminder at ${end} is sent. Quiet hours may run past midnight.`;
}
