import { Link, useNavigate, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { PHASE_LABELS, useCreateTemplate, useLibrary } from "../../api/exercises";
import { ErrorSummary } from "../../components/ErrorSummary";
import { LoadError, Loading } from "../../components/LoadState";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ExercisePreview } from "./ExercisePreview";

/** /app/exercises/library/:slug */
export function LibraryExercisePage() {
  const slug = useParams().slug ?? "";
  const library = useLibrary();
  const exercise = library.data?.find((e) => e.slug === slug);
  const copy = useCreateTemplate();
  const navigate = useNavigate();
  useDocumentTitle(exercise?.title ?? "Exercise");

  if (library.isPending) return <Loading what="the exercise" />;
  if (library.isError) return <LoadError error={asApiError(library.error)} onRetry={() => void library.refetch()} />;
  if (!exercise) return <ExerciseNotFound />;

  function copyToTemplates() {
    copy.mutate(
      { from_library: slug },
      {
        onSuccess: (t) =>
          navigate(`/app/exercises/templates/${t.id}`, {
            state: { notice: `“${t.title}” is now one of your practice's exercises. Edit it to make it your own.` },
          }),
      },
    );
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · Library · {PHASE_LABELS[exercise.phase]}
      </p>
      <div className="page-header">
        <h1>{exercise.title}</h1>
        <div className="record-actions">
          <button type="button" className="button-secondary" onClick={copyToTemplates} disabled={copy.isPending}>
            {copy.isPending ? "Copying…" : "Copy to practice templates"}
          </button>
          <Link to={`/app/assign?library=${encodeURIComponent(exercise.slug)}`} className="button-primary">
            Assign…
          </Link>
        </div>
      </div>
      <ErrorSummary error={copy.error ? asApiError(copy.error) : null} />
      <ExercisePreview exercise={exercise} />
    </>
  );
}

/** An exercise address that leads nowhere: an old link, or a template since archived or not this practice's. */
export function ExerciseNotFound() {
  const title = "This exercise is not available";
  useDocumentTitle(title);
  return (
    <section className="not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{title}</h1>
      <p>There is no exercise at this address. The link may be old.</p>
      <p>
        <Link to="/app/exercises">Back to exercises</Link>
      </p>
    </section>
  );
}
