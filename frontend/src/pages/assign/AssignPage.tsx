import { useMemo, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { asApiError } from "../../api/client";
import { useClient, useClients, useCouple, useCouples } from "../../api/clients";
import { useLibrary, useTemplates } from "../../api/exercises";
import { LoadError, Loading } from "../../components/LoadState";
import { RecordNotFound } from "../../components/RecordNotFound";
import { SelectField } from "../../components/SelectField";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { AssignForm } from "./AssignForm";
import type { Entry } from "./assignState";

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
