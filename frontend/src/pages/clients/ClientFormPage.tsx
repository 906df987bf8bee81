import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { asApiError, type ApiError } from "../../api/client";
import {
  activeMembers,
  useClient,
  useCreateClient,
  useMembers,
  useUpdateClient,
  type Client,
  type ClientRequest,
} from "../../api/clients";
import { doesClinicalWork } from "../../api/permissions";
import { CheckboxField } from "../../components/CheckboxField";
import { CheckboxGroup } from "../../components/CheckboxGroup";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { LoadError, Loading } from "../../components/LoadState";
import { RecordNotFound } from "../../components/RecordNotFound";
import { TimeZoneField } from "../../components/TimeZoneField";
import { browserTimeZone } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ROLE_LABELS, useCurrentUser } from "../AppShell";

type FormState = Required<ClientRequest>;

/** Labels by JSON field name, in the form's order (the error summary follows it). */
const LABELS: Record<keyof FormState, string> = {
  name: "Name",
  preferred_name: "Preferred name",
  pronouns: "Pronouns",
  email: "Email",
  mobile: "Mobile",
  time_zone: "Time zone",
  consent_email: "Consents to email",
  consent_sms: "Consents to text messages",
  clinician_ids: "Assigned clinicians",
};

/** /app/clients/new */
export function NewClientPage() {
  useDocumentTitle("Add a client");
  const me = useCurrentUser();
  const create = useCreateClient();
  const navigate = useNavigate();
  // A clinician who adds a client is assigned to them (the API does it too); show it. An owner
  // is assigned by default too, since only the assigned see the record, and may untick it.
  const initial: FormState = {
    name: "",
    preferred_name: "",
    pronouns: "",
    email: "",
    mobile: "",
    time_zone: browserTimeZone(),
    consent_email: false,
    consent_sms: false,
    clinician_ids: doesClinicalWork(me.role) ? [me.user.id] : [],
  };
  return (
    <>
      <h1>Add a client</h1>
      <p className="lead">Only the name and time zone are needed now; you can add the rest later.</p>
      <ClientForm
        initial={initial}
        submitLabel="Add client"
        pendingLabel="Adding client…"
        cancelTo="/app/clients"
        error={create.error ? asApiError(create.error) : null}
        pending={create.isPending}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (c) => navigate(`/app/clients/${c.id}`, { state: { notice: `${c.name} was added.` } }),
          })
        }
      />
    </>
  );
}

/** /app/clients/:id/edit */
export function EditClientPage() {
  const id = useParams().id ?? "";
  const client = useClient(id);
  useDocumentTitle(client.data ? `Edit ${client.data.name}` : "Edit client");
  if (client.isPending) return <Loading what="client" />;
  if (client.isError) {
    const error = asApiError(client.error);
    if (error.status === 404) return <RecordNotFound kind="client" back={{ to: "/app/clients", label: "Back to clients" }} />;
    return <LoadError error={error} onRetry={() => void client.refetch()} />;
  }
  return <EditClient client={client.data} />;
}

function EditClient({ client }: { client: Client }) {
  const update = useUpdateClient(client.id);
  const navigate = useNavigate();
  const initial: FormState = {
    name: client.name,
    preferred_name: client.preferred_name,
    pronouns: client.pronouns,
    email: client.email,
    mobile: client.mobile,
    time_zone: client.time_zone,
    consent_email: client.consent_email,
    consent_sms: client.consent_sms,
    clinician_ids: (client.clinicians ?? []).map((c) => c.user_id),
  };
  return (
    <>
      <h1>Edit {client.name}</h1>
      <ClientForm
        initial={initial}
        submitLabel="Save changes"
        pendingLabel="Saving…"
        cancelTo={`/app/clients/${client.id}`}
        error={update.error ? asApiError(update.error) : null}
        pending={update.isPending}
        onSubmit={(body) =>
          update.mutate(body, {
            onSuccess: (c) => navigate(`/app/clients/${c.id}`, { state: { notice: "Your changes are saved." } }),
          })
        }
      />
    </>
  );
}

type ClientFormProps = {
  initial: FormState;
  submitLabel: string;
  pendingLabel: string;
  cancelTo: string;
  error: ApiError | null;
  pending: boolean;
  onSubmit: (body: ClientRequest) => void;
};

function ClientForm({ initial, submitLabel, pendingLabel, cancelTo, error, pending, onSubmit }: ClientFormProps) {
  const [form, setForm] = useState<FormState>(initial);
  const members = useMembers();
  const fields = error?.fields ?? {};

  const me = useCurrentUser();
  const active = activeMembers(members.data);
  const clinicianOptions = active.map((m) => ({ value: m.user_id, label: m.name, detail: ROLE_LABELS[m.role] }));
  // The API assigns active members only: a clinician deactivated since is dropped on saving, and said so.
  const activeIds = new Set(active.map((m) => m.user_id));
  const dropped = members.data ? form.clinician_ids.filter((id) => !activeIds.has(id)) : [];
  const droppedNames = (members.data ?? []).filter((m) => dropped.includes(m.user_id)).map((m) => m.name);
  const removingSelf =
    me.role === "clinician" && initial.clinician_ids.includes(me.user.id) && !form.clinician_ids.includes(me.user.id);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({
      ...form,
      name: form.name.trim(),
      preferred_name: form.preferred_name.trim(),
      pronouns: form.pronouns.trim(),
      email: form.email.trim(),
      mobile: form.mobile.trim(),
      clinician_ids: form.clinician_ids.filter((id) => !dropped.includes(id)),
    });
  }

  function text(name: "name" | "preferred_name" | "pronouns" | "email" | "mobile") {
    return {
      name,
      label: LABELS[name],
      value: form[name],
      error: fields[name],
      onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
    };
  }

  function check(name: "consent_email" | "consent_sms") {
    return {
      name,
      label: LABELS[name],
      checked: form[name],
      error: fields[name],
      onChange: (e: { target: { checked: boolean } }) => setForm((f) => ({ ...f, [name]: e.target.checked })),
    };
  }

  return (
    <>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={submit} noValidate className="form">
        <Field {...text("name")} required autoComplete="off" />
        <Field {...text("preferred_name")} autoComplete="off" hint="What they like to be called, if it differs from their name." />
        <Field {...text("pronouns")} autoComplete="off" hint="For example she/her, he/him or they/them." />
        <Field {...text("email")} type="email" autoComplete="off" />
        <Field {...text("mobile")} type="tel" autoComplete="off" hint="Include the country code, e.g. +44 7700 900123." />
        <TimeZoneField
          name="time_zone"
          label={LABELS.time_zone}
          hint="Their reminders, and the practice's quiet hours, follow the clock in this zone."
          error={fields.time_zone}
          required
          value={form.time_zone}
          onChange={(zone) => setForm((f) => ({ ...f, time_zone: zone }))}
        />
        <CheckboxField {...check("consent_email")} hint="They agreed to get homework links and reminders by email." />
        <CheckboxField {...check("consent_sms")} hint="They agreed to get homework links and reminders by text message." />
        <CheckboxGroup
          name="clinician_ids"
          legend={LABELS.clinician_ids}
          hint="Clinicians see only the clients they are assigned to. Owners and admins see every client."
          error={fields.clinician_ids}
          options={clinicianOptions}
          selected={form.clinician_ids}
          onChange={(ids) => setForm((f) => ({ ...f, clinician_ids: ids }))}
          empty={members.isPending ? "Loading your team…" : members.isError ? "Your team could not be loaded." : undefined}
        />
        {droppedNames.length > 0 && (
          <p className="field-hint">
            No longer active in the practice, so removed when you save: {droppedNames.join(", ")}.
          </p>
        )}
        <div aria-live="polite">
          {removingSelf && (
            <p className="warning">If you remove yourself, you will no longer see this client after saving.</p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={pending}>
            {pending ? pendingLabel : submitLabel}
          </button>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </form>
    </>
  );
}
