import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  CRISIS_LIMITS,
  crisisKeys,
  fetchCrisisDefault,
  isCountryCode,
  sameWords,
  useCrisisDefault,
  type CrisisResource,
  type CrisisSupport,
} from "../../api/crisis";
import { Field } from "../../components/Field";
import { SelectField } from "../../components/SelectField";
import { TextAreaField } from "../../components/TextAreaField";
import { countryName, countryOptions } from "./countries";

type Props = {
  value: CrisisSupport;
  onChange: (next: CrisisSupport) => void;
  /** The API's field errors, keyed like "crisis.resources.0.href". */
  errors: Record<string, string>;
};

/** Labels of the crisis fields by JSON name, for the form's error summary. */
export function crisisLabels(value: CrisisSupport | undefined): Record<string, string> {
  const labels: Record<string, string> = { "crisis.country": "Country", "crisis.resources": "Crisis services" };
  value?.resources.forEach((_, i) => {
    labels[`crisis.resources.${i}.name`] = `Service ${i + 1}: name`;
    labels[`crisis.resources.${i}.contact`] = `Service ${i + 1}: how to reach it`;
    labels[`crisis.resources.${i}.href`] = `Service ${i + 1}: link`;
  });
  labels["crisis.next_steps"] = "What happens next";
  return labels;
}

let lastKey = 0;
const newKey = () => `service-${++lastKey}`;

/**
 * The "Crisis support" part of the practice settings: the services and words a client sees at
 * once after a risk answer, with a preview and a way back to Steady's default.
 */
export function SettingsCrisis({ value, onChange, errors }: Props) {
  const queryClient = useQueryClient();
  const fallback = useCrisisDefault(value.country);
  const def = fallback.data;
  const usingDefault = def ? sameWords(value, def.crisis) : null;
  const place = value.country ? countryName(value.country) : "";
  const [announcement, setAnnouncement] = useState("");
  // Stable keys for the services, so moving one keeps its inputs (and focus) with it.
  const [keys, setKeys] = useState(() => value.resources.map(newKey));

  function setResources(resources: CrisisResource[], nextKeys = keys) {
    setKeys(nextKeys);
    onChange({ ...value, resources });
  }

  function replaceAll(support: CrisisSupport) {
    setKeys(support.resources.map(newKey));
    onChange(support);
  }

  function setResource(i: number, change: Partial<CrisisResource>) {
    setResources(value.resources.map((r, j) => (j === i ? { ...r, ...change } : r)));
  }

  function move(i: number, by: -1 | 1) {
    const rs = [...value.resources];
    const ks = [...keys];
    [rs[i], rs[i + by]] = [rs[i + by], rs[i]];
    [ks[i], ks[i + by]] = [ks[i + by], ks[i]];
    setResources(rs, ks);
    setAnnouncement(`Service ${i + 1} moved to place ${i + 1 + by}.`);
  }

  function remove(i: number) {
    setResources(
      value.resources.filter((_, j) => j !== i),
      keys.filter((_, j) => j !== i),
    );
    setAnnouncement(`Service ${i + 1} removed.`);
  }

  function add() {
    setResources([...value.resources, { name: "", contact: "", href: "" }], [...keys, newKey()]);
  }

  function applyDefault(support: CrisisSupport) {
    replaceAll({ ...support, country: value.country });
    setAnnouncement("Steady's default is filled in. Save the settings to use it.");
  }

  // A practice still on the default gets the new country's default with the country; its own
  // words stay as they are.
  async function changeCountry(country: string) {
    const wasDefault = usingDefault === true;
    onChange({ ...value, country });
    if (!wasDefault || !isCountryCode(country)) return;
    try {
      const next = await queryClient.fetchQuery({
        queryKey: crisisKeys.default(country),
        queryFn: () => fetchCrisisDefault(country),
        staleTime: Infinity,
      });
      replaceAll(next.crisis);
    } catch {
      // Offline: the country changes alone, and "use the default" below is still offered.
    }
  }

  const err = (name: string) => errors[`crisis.${name}`];
  const full = value.resources.length >= CRISIS_LIMITS.resources;

  return (
    <section className="group crisis-settings" aria-labelledby="crisis-heading">
      <h2 id="crisis-heading" className="group-heading">
        Crisis support
      </h2>
      <p className="field-hint">
        When a client's answer to a measure suggests they may be at risk (such as any answer above "not at all" to
        PHQ-9 question 9), Steady shows them this straight away, while their clinician is alerted. Clients can also
        open it from their homework link at any time. It is never shown to a partner.
      </p>

      <SelectField
        name="crisis.country"
        label="Country"
        hint="The country whose services your clients can use."
        value={value.country}
        onChange={(e) => void changeCountry(e.target.value)}
        error={err("country")}
      >
        {!value.country && <option value="">Choose a country</option>}
        {countryOptions(value.country).map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>

      {def && !def.tailored && (
        <p className="warning">
          Steady does not know the crisis services of {place || "your country"} yet, so its default only tells
          clients to call their local emergency number. Add the services your clients should turn to, such as a
          national crisis line.
        </p>
      )}
      {def && (
        <div className="record-actions">
          <p className="muted">
            {usingDefault
              ? `Clients see Steady's default${place ? ` for ${place}` : ""}. If Steady improves it, your clients get the change.`
              : "Clients see your practice's own words."}
          </p>
          {!usingDefault && (
            <button type="button" className="button-secondary" onClick={() => applyDefault(def.crisis)}>
              Use Steady's default{place ? ` for ${place}` : ""}
            </button>
          )}
        </div>
      )}

      <fieldset
        id="crisis.resources"
        className={err("resources") ? "field group editor-list field-invalid" : "field group editor-list"}
      >
        <legend>Crisis services</legend>
        <p className="field-hint">In the order a client should try them. Up to {CRISIS_LIMITS.resources}.</p>
        {err("resources") && <p className="field-error">{err("resources")}</p>}
        <ol className="editor-items">
          {value.resources.map((r, i) => {
            const p = `crisis.resources.${i}`;
            const what = `service ${i + 1}`;
            return (
              <li key={keys[i] ?? `at-${i}`}>
                <fieldset className="panel editor-item">
                  <legend>Service {i + 1}</legend>
                  <Field
                    name={`${p}.name`}
                    label="Name"
                    maxLength={CRISIS_LIMITS.name}
                    value={r.name}
                    onChange={(e) => setResource(i, { name: e.target.value })}
                    error={errors[`${p}.name`]}
                  />
                  <Field
                    name={`${p}.contact`}
                    label="How to reach it"
                    hint="For example: Call or text 988, any time."
                    maxLength={CRISIS_LIMITS.contact}
                    value={r.contact}
                    onChange={(e) => setResource(i, { contact: e.target.value })}
                    error={errors[`${p}.contact`]}
                  />
                  <Field
                    name={`${p}.href`}
                    label="Link (optional)"
                    hint="What tapping it does: tel:988 calls, sms:85258 opens a text, https:// opens a web page."
                    maxLength={CRISIS_LIMITS.href}
                    value={r.href ?? ""}
                    onChange={(e) => setResource(i, { href: e.target.value })}
                    error={errors[`${p}.href`]}
                  />
                  <div className="row-actions">
                    <button type="button" className="button-secondary" disabled={i === 0} onClick={() => move(i, -1)}>
                      Move up <span className="visually-hidden">{what}</span>
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={i === value.resources.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      Move down <span className="visually-hidden">{what}</span>
                    </button>
                    <button type="button" className="button-danger-outline" onClick={() => remove(i)}>
                      Remove <span className="visually-hidden">{what}</span>
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button type="button" className="button-secondary" disabled={full} onClick={add}>
          Add a service
        </button>
        {full && <p className="field-hint">That is the most a client's screen can list.</p>}
      </fieldset>

      <TextAreaField
        name="crisis.next_steps"
        label="What happens next"
        hint="Shown below the services. Say who will be in touch and when, and what to do if it cannot wait."
        rows={5}
        maxLength={CRISIS_LIMITS.nextSteps}
        value={value.next_steps}
        onChange={(e) => onChange({ ...value, next_steps: e.target.value })}
        error={err("next_steps")}
      />

      <CrisisPreview value={value} />
      {/* Not role="status": the form's own "Settings saved." is the page's status. */}
      <p aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
    </section>
  );
}

/** A link a client could tap, or null: only tel:, sms: and https: ever become links. */
function safeHref(href: string | undefined): string | null {
  const h = (href ?? "").trim();
  return /^(tel|sms):\+?[(0-9]/.test(h) || /^https:\/\/[^\s/]+/.test(h) ? h : null;
}

/** Roughly what the client's screen shows, as the settings now stand. */
function CrisisPreview({ value }: { value: CrisisSupport }) {
  const resources = value.resources.filter((r) => r.name.trim() || r.contact.trim());
  return (
    <section className="panel crisis-preview" aria-labelledby="crisis-preview-heading">
      <h3 id="crisis-preview-heading">What the client sees</h3>
      <p className="field-hint">
        Shown at once after a risk answer, and on the client's homework link whenever they look for help.
      </p>
      <p>
        <strong>If you need help now</strong>
      </p>
      {resources.length === 0 ? (
        <p className="muted">No services yet.</p>
      ) : (
        <ul className="plain-list">
          {resources.map((r, i) => {
            const href = safeHref(r.href);
            return (
              <li key={i}>
                <strong>{r.name.trim()}</strong>
                <br />
                {href ? <a href={href}>{r.contact.trim()}</a> : r.contact.trim()}
              </li>
            );
          })}
        </ul>
      )}
      {value.next_steps.trim() && <p className="prewrap">{value.next_steps.trim()}</p>}
    </section>
  );
}
