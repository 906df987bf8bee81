import { useMemo, useState, type KeyboardEvent } from "react";
import { FieldShell } from "./FieldShell";
import { filterZones, groupZones, timeZoneOptions, withZone } from "./timeZones";

type TimeZoneFieldProps = {
  /** The JSON field name; also the select's id and name, so an error summary can link to it. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** The chosen IANA zone; always offered, even when the browser's own list lacks it. */
  value: string;
  onChange: (zone: string) => void;
  required?: boolean;
  /** Puts the cursor in the search box, for a field that appears when asked for ("Change"). */
  autoFocus?: boolean;
};

/**
 * A time zone picker: a native select with the zones grouped by region (each shown with its
 * city and current UTC offset), and a search box above it that narrows the list as you type
 * ("london", "new york"). A native select keeps the keyboard and screen-reader behaviour every
 * browser already gets right. When one zone alone matches it is chosen; Enter in the search
 * box chooses the first match (and never submits the form).
 */
export function TimeZoneField({ name, label, hint, error, value, onChange, required, autoFocus }: TimeZoneFieldProps) {
  const [query, setQuery] = useState("");
  // The offsets are read once, when the field appears: enough for choosing a zone.
  const groups = useMemo(() => groupZones(timeZoneOptions()), []);
  const matches = useMemo(() => filterZones(groups, query), [groups, query]);
  const shown = useMemo(() => withZone(matches, value), [matches, value]);
  const found = matches.flatMap((g) => g.zones);

  const searchId = `${name}-search`;
  const statusId = `${name}-search-status`;

  function search(next: string) {
    setQuery(next);
    const only = filterZones(groups, next).flatMap((g) => g.zones);
    if (next.trim() && only.length === 1 && only[0].zone !== value) onChange(only[0].zone);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter here picks a zone; it must not send the form half-done
    if (found.length > 0) onChange(found[0].zone);
  }

  return (
    <FieldShell id={name} label={label} hint={hint} error={error} className="zone-field">
      {(control) => (
        <>
          <div className="zone-search">
            <label htmlFor={searchId}>Search by city or region</label>
            <input
              id={searchId}
              type="search"
              autoComplete="off"
              spellCheck={false}
              autoFocus={autoFocus}
              value={query}
              aria-controls={name}
              aria-describedby={statusId}
              onChange={(e) => search(e.target.value)}
              onKeyDown={onKeyDown}
            />
          </div>
          <p className="field-hint zone-status" id={statusId} aria-live="polite" aria-atomic="true">
            {statusText(query, found.length, found.length === 1 && found[0].zone === value ? found[0].label : null)}
          </p>
          <select {...control} name={name} value={value} required={required} onChange={(e) => onChange(e.target.value)}>
            {shown.map((g) => (
              <optgroup key={g.region} label={g.region}>
                {g.zones.map((z) => (
                  <option key={z.zone} value={z.zone}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </>
      )}
    </FieldShell>
  );
}

/** What the search has found, for everyone (the paragraph is a polite live region). */
function statusText(query: string, count: number, chosen: string | null): string {
  const q = query.trim();
  if (!q) return "";
  if (count === 0) return `No time zone matches “${q}”. Try a city, such as London or New York.`;
  if (chosen) return `One time zone matches: ${chosen}, now chosen.`;
  if (count === 1) return "One time zone matches. Choose it in the list below.";
  return `${count} time zones match. Choose one in the list below.`;
}
