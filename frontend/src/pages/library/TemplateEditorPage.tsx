import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { useCreateTemplate, useTemplate, useUpdateTemplate, type Template } from "../../api/exercises";
import { LoadError, Loading } from "../../components/LoadState";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ExerciseNotFound } from "./LibraryExercisePage";
import { draftFrom, emptyDraft } from "./templateDraft";
import { TemplateForm, VERSION_NOTE } from "./TemplateForm";

/** /app/exercises/templates/new */
export function NewTemplatePage() {
  useDocumentTitle("New exercise");
  const create = useCreateTemplate();
  const navigate = useNavigate();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · Your practice's exercises
      </p>
      <h1>New exercise</h1>
      <p className="lead">Build an exercise for your practice from the same parts as the library's.</p>
      <TemplateForm
        initial={emptyDraft()}
        submitLabel="Save exercise"
        cancelTo="/app/exercises"
        error={create.error ? asApiError(create.error) : null}
        pending={create.isPending}
        onReset={() => create.reset()}
        onSubmit={(definition) =>
          create.mutate(
            { definition },
            {
              onSuccess: (t) =>
                navigate(`/app/exercises/templates/${t.id}`, {
                  state: { notice: `“${t.title}” is saved as version ${t.current_version}.` },
                }),
            },
          )
        }
      />
    </>
  );
}

/** /app/exercises/templates/:id/edit */
export function EditTemplatePage() {
  const id = useParams().id ?? "";
  const template = useTemplate(id);
  useDocumentTitle(template.data ? `Edit ${template.data.title}` : "Edit exercise");
  if (template.isPending) return <Loading what="the exercise" />;
  if (template.isError) {
    const error = asApiError(template.error);
    if (error.status === 404) return <ExerciseNotFound />;
    return <LoadError error={error} onRetry={() => void template.refetch()} />;
  }
  return <EditTemplate template={template.data} />;
}

function EditTemplate({ template }: { template: Template }) {
  const update = useUpdateTemplate(template.id);
  const navigate = useNavigate();
  const [initial] = useState(() => draftFrom(template.definition));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · <Link to={`/app/exercises/templates/${template.id}`}>{template.title}</Link>
      </p>
      <h1>Edit “{template.title}”</h1>
      <p className="lead">You are editing version {template.current_version}.</p>
      <TemplateForm
        initial={initial}
        submitLabel="Save new version"
        cancelTo={`/app/exercises/templates/${template.id}`}
        error={update.error ? asApiError(update.error) : null}
        pending={update.isPending}
        onReset={() => update.reset()}
        onSubmit={(definition) =>
          update.mutate(definition, {
            onSuccess: (t) =>
              navigate(`/app/exercises/templates/${t.id}`, {
                state: { notice: `Saved as version ${t.current_version}. ${VERSION_NOTE}` },
              }),
          })
        }
      />
    </>
  );
}
