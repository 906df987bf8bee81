import { useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { useArchiveTemplate, useLibrary, useTemplate, type Template } from "../../api/exercises";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { formatDateTime } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ExercisePreview } from "./ExercisePreview";
import { ExerciseNotFound } from "./LibraryExercisePage";

/** /app/exercises/templates/:id */
export function TemplatePage() {
  const id = useParams().id ?? "";
  const template = useTemplate(id);
  useDocumentTitle(template.data?.title ?? "Exercise");
  if (template.isPending) return <Loading what="the exercise" />;
  if (template.isError) {
    const error = asApiError(template.error);
    if (error.status === 404) return <ExerciseNotFound />;
    return <LoadError error={error} onRetry={() => void template.refetch()} />;
  }
  return <TemplateRecord template={template.data} />;
}

function TemplateRecord({ template }: { template: Template }) {
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const library = useLibrary();
  const basedOn = template.based_on ? (library.data?.find((e) => e.slug === template.based_on)?.title ?? template.based_on) : "";
  const versions = [...template.versions].sort((a, b) => b.version - a.version);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · Your practice's exercises
      </p>
      <div className="page-header">
        <div>
          <h1>{template.title}</h1>
          <p className="record-meta muted">
            Version {template.current_version}
            {basedOn && (
              <>
                {" · Based on the library's "}
                <Link to={`/app/exercises/library/${template.based_on}`}>{basedOn}</Link>
              </>
            )}
            {template.archived && <span className="badge badge-archived">Archived</span>}
          </p>
        </div>
        {!template.archived && (
          <div className="record-actions">
            <Link to={`/app/exercises/templates/${template.id}/edit`} className="button-secondary">
              Edit
            </Link>
            <Link to={`/app/assign?template=${template.id}`} className="button-primary">
              Assign…
            </Link>
          </div>
        )}
      </div>
      <Notice text={notice} />
      {template.archived && (
        <p className="notice">This exercise is archived: it is no longer offered for new assignments. Assignments already given go on.</p>
      )}
      <ExercisePreview exercise={template.definition} />
      <section className="panel versions" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <p className="muted">Saving makes a new version; assignments already given keep the version they were given.</p>
        <ol className="plain-list" reversed>
          {versions.map((v) => (
            <li key={v.version}>
              <strong>Version {v.version}</strong>
              {v.version === template.current_version && <span className="muted"> (current)</span>}
              <span className="secondary-line">
                {formatDateTime(v.created_at)}
                {v.created_by_name && ` by ${v.created_by_name}`}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {!template.archived && <ArchiveTemplate template={template} />}
    </>
  );
}

function ArchiveTemplate({ template }: { template: Template }) {
  const [confirming, setConfirming] = useState(false);
  const archive = useArchiveTemplate(template.id);
  const navigate = useNavigate();
  const start = useRef<HTMLButtonElement>(null);

  return (
    <section className="panel danger-zone" aria-labelledby="archive-heading">
      <h2 id="archive-heading">Archive this exercise</h2>
      <p>Archiving takes it out of your practice's list. Assignments already given go on, and their answers stay.</p>
      {!confirming ? (
        <button ref={start} type="button" className="button-danger-outline" onClick={() => setConfirming(true)}>
          Archive…
        </button>
      ) : (
        <ConfirmPanel
          question={`Archive “${template.title}”?`}
          confirmLabel="Archive exercise"
          busyLabel="Archiving…"
          busy={archive.isPending}
          error={archive.error ? asApiError(archive.error) : null}
          danger
          onConfirm={() =>
            archive.mutate(undefined, {
              onSuccess: (t) => navigate("/app/exercises", { state: { notice: `“${t.title}” is archived.` } }),
            })
          }
          onCancel={() => {
            setConfirming(false);
            archive.reset();
            requestAnimationFrame(() => start.current?.focus());
          }}
        />
      )}
    </section>
  );
}
