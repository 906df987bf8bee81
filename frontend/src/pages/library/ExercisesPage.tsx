import { Link, useLocation, useSearchParams } from "react-router";
import {
  AUDIENCE_LABELS,
  AUDIENCES,
  MODALITIES,
  MODALITY_LABELS,
  PHASE_DESCRIPTIONS,
  PHASE_LABELS,
  PHASES,
  suggestedCadenceLabel,
  useLibrary,
  useTemplates,
  type Audience,
  type Exercise,
  type Modality,
  type Template,
} from "../../api/exercises";
import { ListPageHeader } from "../../components/ListPageHeader";
import { QueryState } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { SelectField } from "../../components/SelectField";
import { useDocumentTitle } from "../../components/useDocumentTitle";

type LibraryFilter = { audience: Audience | ""; modality: Modality | ""; q: string };

/** The filters live in the address (?q=&audience=&modality=), so a filtered library can be bookmarked. */
function useLibraryFilter(): [LibraryFilter, (change: Partial<LibraryFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const audience = params.get("audience") ?? "";
  const modality = params.get("modality") ?? "";
  const filter: LibraryFilter = {
    audience: (AUDIENCES as string[]).includes(audience) ? (audience as Audience) : "",
    modality: (MODALITIES as string[]).includes(modality) ? (modality as Modality) : "",
    q: params.get("q") ?? "",
  };
  function update(change: Partial<LibraryFilter>) {
    const next = { ...filter, ...change };
    const out = new URLSearchParams();
    if (next.q) out.set("q", next.q);
    if (next.audience) out.set("audience", next.audience);
    if (next.modality) out.set("modality", next.modality);
    setParams(out, { replace: true });
  }
  return [filter, update];
}

/** Everything a search looks through: title, summary, approach, who it is for and phase, in words and as keys. */
function searchText(e: Exercise): string {
  return [
    e.title,
    e.summary,
    e.modality,
    MODALITY_LABELS[e.modality],
    e.audience,
    AUDIENCE_LABELS[e.audience],
    e.phase,
    PHASE_LABELS[e.phase],
  ]
    .join(" ")
    .toLowerCase();
}

/** Every word of the search appears somewhere in the exercise ("gottman daily" finds Gottman-informed daily ones by title or summary). */
function matchesSearch(e: Exercise, q: string): boolean {
  const text = searchText(e);
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** /app/exercises: the built-in library by phase, and the practice's own exercises. */
export function ExercisesPage() {
  useDocumentTitle("Exercises");
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <>
      <ListPageHeader title="Exercises" newTo="/app/exercises/templates/new" newLabel="New exercise" />
      <p className="lead">
        Homework to give between sessions. Open one to read its guidance and preview it, copy it to make your own
        version, or assign it to a client or a couple.
      </p>
      <Notice text={notice} />
      <div className="stack">
        <Library />
        <PracticeTemplates />
      </div>
    </>
  );
}

function Library() {
  const library = useLibrary();
  const [filter, setFilter] = useLibraryFilter();
  const matches = (library.data ?? []).filter(
    (e) =>
      (!filter.audience || e.audience === filter.audience) &&
      (!filter.modality || e.modality === filter.modality) &&
      matchesSearch(e, filter.q),
  );
  const searching = filter.q.trim() !== "";
  const filtered = !!(filter.audience || filter.modality || searching);

  return (
    <section aria-labelledby="library-heading">
      <h2 id="library-heading">Exercise library</h2>
      <p className="muted">
        Written for Steady. Trust repair goes through three phases; exercises for any time sit outside them.
      </p>
      <div className="filters" role="group" aria-label="Filter the library">
        <div className="field">
          <label htmlFor="library-search">Search the library</label>
          <p className="field-hint" id="library-search-hint">
            By title, summary, approach, who it is for or phase.
          </p>
          <input
            id="library-search"
            type="search"
            autoComplete="off"
            aria-describedby="library-search-hint"
            value={filter.q}
            onChange={(e) => setFilter({ q: e.target.value })}
          />
        </div>
        <SelectField
          name="audience"
          label="Who it is for"
          value={filter.audience}
          onChange={(e) => setFilter({ audience: e.target.value as LibraryFilter["audience"] })}
        >
          <option value="">Anyone</option>
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {AUDIENCE_LABELS[a]}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="modality"
          label="Approach"
          value={filter.modality}
          onChange={(e) => setFilter({ modality: e.target.value as LibraryFilter["modality"] })}
        >
          <option value="">Any approach</option>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {MODALITY_LABELS[m]}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState query={library} what="the exercise library" />
      <p role="status" aria-live="polite" className="muted filter-count">
        {library.data &&
          (filtered
            ? `${matches.length} of ${library.data.length} exercises match.`
            : `${library.data.length} ${library.data.length === 1 ? "exercise" : "exercises"}.`)}
      </p>
      {library.data && matches.length === 0 && (
        <div className="empty">
          <p>
            {searching
              ? `No exercise in the library matches “${filter.q.trim()}”${filter.audience || filter.modality ? " with these filters" : ""}.`
              : "No exercise in the library matches these filters."}
          </p>
          <p>
            <button type="button" className="link-button" onClick={() => setFilter({ audience: "", modality: "", q: "" })}>
              Show every exercise
            </button>
          </p>
        </div>
      )}
      {PHASES.map((phase) => {
        const inPhase = matches.filter((e) => e.phase === phase);
        if (inPhase.length === 0) return null;
        return (
          <section key={phase} className="phase" aria-labelledby={`phase-${phase}`}>
            <h3 id={`phase-${phase}`}>{PHASE_LABELS[phase]}</h3>
            <p className="muted">{PHASE_DESCRIPTIONS[phase]}</p>
            <ul className="exercise-list">
              {inPhase.map((e) => (
                <ExerciseCard key={e.slug} exercise={e} to={`/app/exercises/library/${e.slug}`} level={4} />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

type CardProps = { exercise: Exercise; to: string; extra?: string; level: 3 | 4 };

function ExerciseCard({ exercise, to, extra, level }: CardProps) {
  const Heading = `h${level}` as const;
  return (
    <li className="exercise-card">
      <Heading className="exercise-card-title">
        <Link to={to}>{exercise.title}</Link>
      </Heading>
      <p>{exercise.summary}</p>
      <ul className="tags" aria-label="Details">
        <li>{MODALITY_LABELS[exercise.modality]}</li>
        <li>{AUDIENCE_LABELS[exercise.audience]}</li>
        <li>{suggestedCadenceLabel(exercise)}</li>
        <li>{exercise.minutes} min</li>
        {extra && <li>{extra}</li>}
      </ul>
    </li>
  );
}

function PracticeTemplates() {
  const templates = useTemplates();
  return (
    <section aria-labelledby="templates-heading">
      <h2 id="templates-heading">Your practice's exercises</h2>
      <p className="muted">
        Exercises your practice wrote or copied from the library and changed. Every save is a new version; assignments
        already given keep the version they were given.
      </p>
      <QueryState query={templates} what="your practice's exercises" />
      {templates.data &&
        (templates.data.length === 0 ? (
          <div className="empty">
            <p>Your practice has no exercises of its own yet.</p>
            <p>
              Copy one from the library to adapt it, or <Link to="/app/exercises/templates/new">write a new exercise</Link>.
            </p>
          </div>
        ) : (
          <ul className="exercise-list">
            {templates.data.map((t: Template) => (
              <ExerciseCard
                key={t.id}
                exercise={{ ...t.definition, title: t.title }}
                to={`/app/exercises/templates/${t.id}`}
                level={3}
                extra={`${PHASE_LABELS[t.definition.phase]} · version ${t.current_version}`}
              />
            ))}
          </ul>
        ))}
    </section>
  );
}
