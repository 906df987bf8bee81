import { useId, useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import {
  useCreateAssignment,
  useSafetyScreens,
  type AssignmentRequest,
  type Cadence,
  type ExerciseRef,
  type Weekday,
} from "../api/assignments";
import { ApiError, asApiError } from "../api/client";
import { TRUST_ROLE_LABELS, useClient, useClients, useCouple, useCouples, type Client, type Couple, type TrustRole } from "../api/clients";
import {
  AUDIENCE_LABELS,
  isTrustRepair,
  PHASE_LABELS,
  PHASES,
  suggestedCadenceLabel,
  useLibrary,
  useTemplates,
  type CadenceKind,
  type Exercise,
} from "../api/exercises";
import { sortWeekdays, weekdayOf, WEEKDAYS } from "../components/cadence";
import { CheckboxGroup } from "../components/CheckboxGroup";
import { todayISO } from "../components/dates";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { LoadError, Loading } from "../components/LoadState";
import { RadioGroup } from "../components/RadioGroup";
import { RecordNotFound } from "../components/RecordNotFound";
import { SelectField } from "../components/SelectField";
import { timeZoneLabel } from "../components/timeZones";
import { useDocumentTitle } from "../components/useDocumentTitle";

/** One exercise the picker offers: from the library ("library:slug") or the practice ("template:id"). */
type Entry = { value: string; title: string; source: "library" | "template"; exercise: Exercise };

/** Library exercises suggested to each partner of a couple when each gets their own. */
const SUGGESTED: Partial<Record<TrustRole, string>> = {
  caused_harm: "consistency-log",
  hurt: "follow-through-log",
};

const KIND_OPTIONS: { value: Cadence["kind"]; label: string }[] = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly on chosen days" },
  { value: "monthly", label: "Monthly, on the start date's day of the month" },
  { value: "programme", label: "A programme of N days (one step a day)" },
];

/** "A", "A and B", "A, B and C". */
function inWords(items: string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function refOf(value: string): ExerciseRef {
  const at = value.indexOf(":");
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  return kind === "library" ? { library: id } : { template_id: id };
}

/** /app/assign?client=ID or ?couple=ID, optionally with &library=slug or &template=id. */
export function AssignPage() {
  useDocumentTitle("Assign homework");
  const [params] = useSearchParams();
  const clientId = params.get("client") ?? "";
  const coupleId = params.get("couple") ?? "";
  const library = params.get("library");
  const template = params.get("template");
  const initial = library ? `library:${library}` : template ? `template:${template}` : "";

  let body;
  if (clientId) body = <ForClient id={clientId} initial={initial} />;
  else if (coupleId) body = <ForCouple id={coupleId} initial={initial} />;
  else body = <ChooseRecipient />;
  return (
    <>
      <h1>Assign homework</h1>
      {body}
    </>
  );
}

/** Reached from an exercise: first, who is it for? */
function ChooseRecipient() {
  const [params, setParams] = useSearchParams();
  const clients = useClients({ q: "", status: "active", clinician_id: "" });
  const couples = useCouples();
  const [choice, setChoice] = useState("");
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice) {
      setMissing(true);
      return;
    }
    const [kind, id] = choice.split(":");
    const next = new URLSearchParams(params);
    next.set(kind, id);
    setParams(next);
  }

  if (clients.isPending || couples.isPending) return <Loading what="your clients and couples" />;
  if (clients.isError) return <LoadError error={asApiError(clients.error)} onRetry={() => void clients.refetch()} />;
  const activeCouples = (couples.data ?? []).filter((c) => c.status === "active");
  return (
    <form onSubmit={submit} noValidate className="form">
      <SelectField
        name="recipient"
        label="Who is it for?"
        hint="A client, or both partners of a couple."
        value={choice}
        error={missing ? "Choose a client or a couple." : undefined}
        onChange={(e) => {
          setChoice(e.target.value);
          setMissing(false);
        }}
      >
        <option value="">Choose a client or a couple</option>
        {activeCouples.length > 0 && (
          <optgroup label="Couples">
            {activeCouples.map((k) => (
              <option key={k.id} value={`couple:${k.id}`}>
                {k.name}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Clients">
          {clients.data.map((c) => (
            <option key={c.id} value={`client:${c.id}`}>
              {c.name}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          Continue
        </button>
        <Link to="/app/exercises">Cancel</Link>
      </div>
    </form>
  );
}

function useCatalogue() {
  const library = useLibrary();
  const templates = useTemplates();
  const entries = useMemo<Entry[]>(
    () => [
      ...(library.data ?? []).map((e) => ({ value: `library:${e.slug}`, title: e.title, source: "library" as const, exercise: e })),
      ...(templates.data ?? []).map((t) => ({
        value: `template:${t.id}`,
        title: t.title,
        source: "template" as const,
        exercise: t.definition,
      })),
    ],
    [library.data, templates.data],
  );
  return { library, templates, entries };
}

function ForClient({ id, initial }: { id: string; initial: string }) {
  const client = useClient(id);
  const { library, templates, entries } = useCatalogue();
  if (client.isPending || library.isPending || templates.isPending) return <Loading what="the form" />;
  if (client.isError) {
    const error = asApiError(client.error);
    if (error.status === 404) return <RecordNotFound kind="client" back={{ to: "/app/clients", label: "Back to clients" }} />;
    return <LoadError error={error} onRetry={() => void client.refetch()} />;
  }
  if (library.isError) return <LoadError error={asApiError(library.error)} onRetry={() => void library.refetch()} />;
  return <AssignForm recipient={{ kind: "client", client: client.data }} entries={entries} initial={initial} />;
}

function ForCouple({ id, initial }: { id: string; initial: string }) {
  const couple = useCouple(id);
  const { library, templates, entries } = useCatalogue();
  if (couple.isPending || library.isPending || templates.isPending) return <Loading what="the form" />;
  if (couple.isError) {
    const error = asApiError(couple.error);
    if (error.status === 404) return <RecordNotFound kind="couple" back={{ to: "/app/couples", label: "Back to couples" }} />;
    return <LoadError error={error} onRetry={() => void couple.refetch()} />;
  }
  if (library.isError) return <LoadError error={asApiError(library.error)} onRetry={() => void library.refetch()} />;
  return <AssignForm recipient={{ kind: "couple", couple: couple.data }} entries={entries} initial={initial} />;
}

type Recipient = { kind: "client"; client: Client } | { kind: "couple"; couple: Couple };

/** "the partner who was hurt" */
function roleInWords(role: TrustRole): string {
  const label = TRUST_ROLE_LABELS[role];
  return label.charAt(0).toLowerCase() + label.slice(1);
}

function AssignForm({ recipient, entries, initial }: { recipient: Recipient; entries: Entry[]; initial: string }) {
  const couple = recipient.kind === "couple" ? recipient.couple : null;
  const client = recipient.kind === "client" ? recipient.client : null;
  const partners = couple?.partners ?? [];
  const create = useCreateAssignment();
  const navigate = useNavigate();
  const screens = useSafetyScreens(couple?.id ?? "", !!couple);
  const known = (v: string) => entries.some((e) => e.value === v);
  const initialEntry = entries.find((e) => e.value === initial);

  const [mode, setMode] = useState<"same" | "different">("same");
  const [exercise, setExercise] = useState(initialEntry ? initial : "");
  const [partnerExercises, setPartnerExercises] = useState<string[]>(["", ""]);
  const [kind, setKind] = useState<Cadence["kind"]>(initialEntry?.exercise.cadence ?? "daily");
  const [kindChosen, setKindChosen] = useState(false);
  const [start, setStart] = useState(todayISO());
  const [end, setEnd] = useState("");
  const [weekdays, setWeekdays] = useState<Weekday[]>([]);
  const [weekdaysChosen, setWeekdaysChosen] = useState(false);
  const [extraMeasures, setExtraMeasures] = useState<string[]>([]);
  /** The titles of the exercises last sent, in order: the API names them by index ("exercises.1"). */
  const [sent, setSent] = useState<string[]>([]);
  const [every, setEvery] = useState("1");
  const [days, setDays] = useState(initialEntry?.exercise.steps?.length ? String(initialEntry.exercise.steps.length) : "30");
  const [at, setAt] = useState("19:00");
  const [local, setLocal] = useState<ApiError | null>(null);

  const serverError = create.error ? asApiError(create.error) : null;
  const conflict = serverError?.status === 409 && serverError.code.startsWith("safety_screen") ? serverError : null;
  const error = local ?? (serverError && !conflict ? placeErrors(serverError, sent) : null);
  const errors = error?.fields ?? {};

  const entry = (value: string) => entries.find((e) => e.value === value);
  const sameForAll = mode === "same" || !couple;

  // Until days are ticked by hand, a weekly cadence falls on the start date's weekday.
  const startDay = weekdayOf(start);
  const shownWeekdays = weekdaysChosen ? weekdays : startDay ? [startDay] : [];

  // A measure can take others along on the same cadence (PHQ-9 and GAD-7 weekly).
  const otherMeasures = entry(exercise)?.exercise.measure
    ? entries.filter((e) => e.source === "library" && e.exercise.measure && e.value !== exercise)
    : [];
  const extras = sameForAll ? otherMeasures.filter((m) => extraMeasures.includes(m.value)) : [];

  /** Choosing an exercise suggests its cadence, until a cadence is chosen by hand. */
  function suggestFrom(value: string) {
    const e = entry(value)?.exercise;
    if (!e || kindChosen) return;
    setKind(e.cadence);
    if (e.steps?.length) setDays(String(e.steps.length));
  }

  function chooseMode(next: "same" | "different") {
    setMode(next);
    if (next === "different") {
      // Suggest the logs written for each role, when the library has them.
      setPartnerExercises((current) =>
        partners.map((p, i) => {
          if (current[i]) return current[i];
          const slug = SUGGESTED[p.trust_role];
          if (slug && known(`library:${slug}`)) return `library:${slug}`;
          return exercise;
        }),
      );
    }
  }

  function check(): Record<string, string> {
    const problems: Record<string, string> = {};
    if (mode === "same" || !couple) {
      if (!exercise) problems.exercise = "Choose an exercise.";
    } else {
      partners.forEach((_, i) => {
        if (!partnerExercises[i]) problems[`partners.${i}.exercise`] = "Choose an exercise for this partner.";
      });
    }
    if (!start) problems["cadence.start"] = "Enter the start date.";
    if (end && start && end < start && kind !== "programme") {
      problems["cadence.end"] = kind === "once" ? "The due date can't be before the start date." : "The end date can't be before the start date.";
    }
    if (kind === "weekly" && shownWeekdays.length === 0) problems["cadence.weekdays"] = "Choose at least one day.";
    if (kind === "programme" && !/^[1-9]\d*$/.test(days.trim())) problems["cadence.days"] = "Enter a whole number of days, 1 or more.";
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) problems["cadence.at"] = "Enter a time like 19:00.";
    return problems;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const problems = check();
    if (Object.keys(problems).length > 0) {
      setLocal(new ApiError(422, "validation_failed", "Please correct the highlighted fields.", problems));
      return;
    }
    setLocal(null);

    const cadence: Cadence = { kind, start, at };
    if (end && kind !== "programme") cadence.end = end;
    if (kind === "weekly") cadence.weekdays = sortWeekdays(shownWeekdays);
    if (kind === "weekly" && every !== "1") cadence.every = Number(every);
    if (kind === "programme") cadence.days = Number(days);

    // Several measures go in one request as exercises, all made or none.
    const chosen = [exercise, ...extras.map((m) => m.value)];
    const what = chosen.length > 1 ? { exercises: chosen.map(refOf) } : { exercise: refOf(exercise) };
    setSent(chosen.map((v) => entry(v)?.title ?? v));

    let body: AssignmentRequest;
    if (recipient.kind === "client") body = { client_id: recipient.client.id, ...what, cadence };
    else if (mode === "same") body = { couple_id: recipient.couple.id, ...what, cadence };
    else
      body = {
        couple_id: recipient.couple.id,
        partners: partners.map((p, i) => ({ client_id: p.client_id, exercise: refOf(partnerExercises[i]) })),
        cadence,
      };

    create.mutate(body, {
      onSuccess: ({ assignments }) => {
        const titles = inWords([...new Set(assignments.map((a) => `“${a.title}”`))]);
        if (couple) {
          navigate(
            { pathname: `/app/couples/${couple.id}`, hash: "homework" },
            { state: { notice: `Assigned ${titles} to ${couple.name}.` } },
          );
        } else if (client) {
          navigate(`/app/clients/${client.id}/homework`, { state: { notice: `Assigned ${titles} to ${client.name}.` } });
        }
      },
    });
  }

  const labels: Record<string, string> = {
    client_id: "Client",
    couple_id: "Couple",
    exercise: "Exercise",
    measures: "Other measures",
    ...Object.fromEntries(partners.map((p, i) => [`partners.${i}.exercise`, `Exercise for ${p.name}`])),
    partners: "Partners",
    "cadence.kind": "How often",
    "cadence.every": "Repeat",
    "cadence.start": "Start date",
    "cadence.end": kind === "once" ? "Due date" : "End date",
    "cadence.weekdays": "On these days",
    "cadence.days": "Number of days",
    "cadence.at": "Time of day",
  };
  for (const key of Object.keys(errors)) if (!(key in labels)) labels[key] = key;

  // Trust-repair work for a couple needs a proceed screen: say so before the API does.
  const chosen = (sameForAll ? [exercise] : partnerExercises).map(entry).filter((e): e is Entry => !!e);
  const trustRepair = chosen.some((e) => isTrustRepair(e.exercise));
  const newest = screens.data?.[0];
  const screenWarning =
    couple && trustRepair && screens.data
      ? !newest
        ? `${couple.name} have no safety screen yet, and trust-repair exercises can't be assigned to a couple until one is recorded.`
        : newest.decision === "hold"
          ? `The newest safety screen for ${couple.name} says to hold trust-repair homework.`
          : ""
      : "";

  return (
    <>
      <p className="lead">
        {couple ? (
          <>
            For <Link to={`/app/couples/${couple.id}`}>{couple.name}</Link>: {partners.map((p) => p.name).join(" and ")}.
          </>
        ) : (
          client && (
            <>
              For <Link to={`/app/clients/${client.id}`}>{client.name}</Link>.
            </>
          )
        )}
      </p>
      {conflict && <ScreenConflict error={conflict} couple={couple} />}
      <ErrorSummary error={error} labels={labels} />
      <form onSubmit={submit} noValidate className="form assign-form">
        {couple && (
          <RadioGroup
            name="mode"
            legend="Exercise for each partner"
            value={mode}
            onChange={(v) => chooseMode(v as "same" | "different")}
            options={[
              { value: "same", label: "Same exercise for both partners" },
              { value: "different", label: "A different exercise for each partner" },
            ]}
          />
        )}
        {sameForAll ? (
          <>
            <ExercisePicker
              name="exercise"
              label="Exercise"
              searchLabel="Search exercises"
              hint={couple ? "Each partner gets their own copy and answers privately." : undefined}
              entries={entries}
              value={exercise}
              error={errors.exercise}
              onChange={(v) => {
                setExercise(v);
                suggestFrom(v);
              }}
            />
            {otherMeasures.length > 0 && (
              <CheckboxGroup
                name="measures"
                legend="Other measures on the same schedule"
                hint={`Optional. Each is assigned as its own measure${couple ? ", to both partners," : ""} with the cadence below.`}
                error={errors.measures}
                options={otherMeasures.map((m) => ({ value: m.value, label: m.title }))}
                selected={extras.map((m) => m.value)}
                onChange={setExtraMeasures}
              />
            )}
          </>
        ) : (
          <div className="partner-fields">
            {partners.map((p, i) => {
              const slug = SUGGESTED[p.trust_role];
              const suggestion = slug ? entry(`library:${slug}`) : undefined;
              return (
                <div key={p.client_id} className="partner-field">
                  <ExercisePicker
                    name={`partners.${i}.exercise`}
                    searchLabel={`Search exercises for ${p.name}`}
                    label={`Exercise for ${p.name}${p.trust_role === "unspecified" ? "" : ` (${roleInWords(p.trust_role)})`}`}
                    hint={suggestion ? `Suggested for ${roleInWords(p.trust_role)}: ${suggestion.title}.` : undefined}
                    entries={entries}
                    value={partnerExercises[i] ?? ""}
                    error={errors[`partners.${i}.exercise`]}
                    onChange={(v) => {
                      setPartnerExercises((cur) => cur.map((x, j) => (j === i ? v : x)));
                      suggestFrom(v);
                    }}
                  />
                </div>
              );
            })}
          </div>
        )}
        <div aria-live="polite">
          {screenWarning && couple && (
            <p className="warning">
              {screenWarning} <Link to={`/app/couples/${couple.id}#safety-screen`}>Go to the safety screen</Link>
            </p>
          )}
        </div>

        <fieldset className="group cadence">
          <legend className="group-heading">When</legend>
          <RadioGroup
            name="cadence.kind"
            legend="How often"
            value={kind}
            error={errors["cadence.kind"]}
            onChange={(v) => {
              setKind(v as CadenceKind);
              setKindChosen(true);
            }}
            options={KIND_OPTIONS}
          />
          <div className="field-row">
            <Field
              name="cadence.start"
              label="Start date"
              hint={kind === "once" ? "The day it opens." : "The first day."}
              type="date"
              value={start}
              error={errors["cadence.start"]}
              onChange={(e) => setStart(e.target.value)}
            />
            {kind !== "programme" && (
              <Field
                name="cadence.end"
                label={kind === "once" ? "Due date" : "End date"}
                hint={kind === "once" ? "Optional. Without one, it is due on the day it opens." : "Optional. The last day, included."}
                type="date"
                min={start || undefined}
                value={end}
                error={errors["cadence.end"]}
                onChange={(e) => setEnd(e.target.value)}
              />
            )}
          </div>
          {kind === "weekly" && (
            <SelectField
              name="cadence.every"
              label="Repeat"
              value={every}
              error={errors["cadence.every"]}
              onChange={(e) => setEvery(e.target.value)}
            >
              <option value="1">Every week</option>
              <option value="2">Every two weeks</option>
              <option value="3">Every three weeks</option>
              <option value="4">Every four weeks</option>
            </SelectField>
          )}
          {kind === "weekly" && (
            <CheckboxGroup
              name="cadence.weekdays"
              legend="On these days"
              error={errors["cadence.weekdays"]}
              options={WEEKDAYS.map((w) => ({ value: w.value, label: w.label }))}
              hint={weekdaysChosen ? undefined : "The start date's weekday, until you choose."}
              selected={shownWeekdays}
              onChange={(v) => {
                setWeekdays(v as Weekday[]);
                setWeekdaysChosen(true);
              }}
            />
          )}
          {kind === "programme" && (
            <Field
              name="cadence.days"
              label="Number of days"
              hint="One step a day, from the start date."
              type="number"
              inputMode="numeric"
              min={1}
              value={days}
              error={errors["cadence.days"]}
              onChange={(e) => setDays(e.target.value)}
            />
          )}
          <Field
            name="cadence.at"
            label="Time of day"
            hint={`Times are in each client's own time zone.${client ? ` ${client.name}'s is ${timeZoneLabel(client.time_zone)}.` : ""}`}
            type="time"
            value={at}
            error={errors["cadence.at"]}
            onChange={(e) => setAt(e.target.value)}
          />
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? "Assigning…" : "Assign"}
          </button>
          <Link to={couple ? `/app/couples/${couple.id}` : `/app/clients/${client?.id}/homework`}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

/**
 * The API keys an exercise's errors by its parts ("exercise.library"); they belong to the picker.
 * Several sent together are keyed by index ("exercises.1"): the first is the picker's, the rest
 * are the other measures', named by title (sent holds the titles in the order sent).
 */
function placeErrors(error: ApiError, sent: string[]): ApiError {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fields)) {
    const item = /^exercises\.(\d+)(\..+)?$/.exec(key);
    if (item) {
      const i = Number(item[1]);
      if (i === 0) fields.exercise ??= message;
      else fields.measures ??= `${sent[i] ?? `Measure ${i + 1}`}: ${message}`;
      continue;
    }
    const m = /^(exercise|partners\.\d+\.exercise)\..+$/.exec(key);
    const to = m ? m[1] : key === "exercises" ? "measures" : key;
    fields[to] ??= message;
  }
  return new ApiError(error.status, error.code, error.message, fields);
}

/** 409: the couple has no safety screen yet, or the newest one says hold. */
function ScreenConflict({ error, couple }: { error: ApiError; couple: Couple | null }) {
  const to = couple ? `/app/couples/${couple.id}#safety-screen` : "";
  const name = couple?.name ?? "This couple";
  return (
    <div className="error-summary" role="alert">
      {error.code === "safety_screen_hold" ? (
        <>
          <p className="error-summary-message">
            The newest safety screen for {name} says to hold trust-repair homework, so this exercise can't be assigned now.
          </p>
          <p>Exercises for any time can still be assigned. If things have changed, record a new safety screen.</p>
          {couple && (
            <p>
              <Link to={to}>See the safety screen for {name}</Link>
            </p>
          )}
        </>
      ) : error.code === "safety_screen_required" ? (
        <>
          <p className="error-summary-message">
            {name} need a safety screen before trust-repair exercises can be assigned to them.
          </p>
          <p>Self-guided repair is not enough where there is abuse, violence, addiction or ongoing deception.</p>
          {couple && (
            <p>
              <Link to={to}>Record the safety screen for {name}</Link>
            </p>
          )}
        </>
      ) : (
        <p className="error-summary-message">{error.message}</p>
      )}
    </div>
  );
}

type ExercisePickerProps = {
  /** The JSON path of the exercise, also the select's id. */
  name: string;
  label: string;
  searchLabel: string;
  hint?: string;
  entries: Entry[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
};

/** A select of every exercise, grouped by phase, with a search box that narrows it. */
function ExercisePicker({ name, label, searchLabel, hint, entries, value, error, onChange }: ExercisePickerProps) {
  const [q, setQ] = useState("");
  const searchId = useId();
  const words = q.trim().toLowerCase();
  const fits = (e: Entry) => `${e.title} ${e.exercise.summary}`.toLowerCase().includes(words);
  const found = words ? entries.filter(fits) : entries;
  // The chosen exercise stays in the list, so a search never changes the choice.
  const matches = entries.filter((e) => !words || e.value === value || fits(e));
  const chosen = entries.find((e) => e.value === value);
  return (
    <div className="exercise-picker">
      <div className="field">
        <label htmlFor={searchId}>{searchLabel}</label>
        <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        <p className="field-hint" role="status">
          {words ? `${found.length} ${found.length === 1 ? "exercise matches" : "exercises match"}.` : ""}
        </p>
      </div>
      <SelectField name={name} label={label} hint={hint} error={error} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose an exercise</option>
        {PHASES.map((phase) => {
          const inPhase = matches.filter((e) => e.exercise.phase === phase);
          if (inPhase.length === 0) return null;
          return (
            <optgroup key={phase} label={PHASE_LABELS[phase]}>
              {inPhase.map((e) => (
                <option key={e.value} value={e.value}>
                  {e.title}
                  {e.source === "template" ? " (your practice)" : ""}
                </option>
              ))}
            </optgroup>
          );
        })}
      </SelectField>
      {chosen && (
        <p className="chosen-exercise">
          {chosen.exercise.summary}{" "}
          <span className="muted">
            For: {AUDIENCE_LABELS[chosen.exercise.audience]} · About {chosen.exercise.minutes} min · Suggested:{" "}
            {suggestedCadenceLabel(chosen.exercise)}
          </span>
        </p>
      )}
    </div>
  );
}
