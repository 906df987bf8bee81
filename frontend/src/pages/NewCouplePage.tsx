import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import {
  activeMembers,
  TRUST_ROLE_LABELS,
  useClients,
  useCreateCouple,
  useMembers,
  type Client,
  type TrustRole,
} from "../api/clients";
import { ApiError, asApiError } from "../api/client";
import { CheckboxGroup } from "../components/CheckboxGroup";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { LoadError, Loading } from "../components/LoadState";
import { SelectField } from "../components/SelectField";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ROLE_LABELS, useCurrentUser } from "./AppShell";

const LABELS = { name: "Couple name", partners: "Partners", clinician_ids: "Assigned clinicians" };

const TRUST_ROLES: TrustRole[] = ["hurt", "caused_harm", "unspecified"];

type PartnerChoice = { client_id: string; trust_role: TrustRole };

/** /app/couples/new */
export function NewCouplePage() {
  useDocumentTitle("Add a couple");
  const clients = useClients({ q: "", status: "active", clinician_id: "" });
  return (
    <>
      <h1>Add a couple</h1>
      <p className="lead">Link two of your clients as partners, so you can assign work to both and follow it side by side.</p>
      {clients.isPending && <Loading what="your clients" />}
      {clients.isError && <LoadError error={asApiError(clients.error)} onRetry={() => void clients.refetch()} />}
      {clients.data &&
        (clients.data.length < 2 ? (
          <div className="empty">
            <p>A couple needs two active clients, and you have {clients.data.length === 0 ? "none" : "one"} so far.</p>
            <p>
              <Link to="/app/clients/new">Add a client</Link>
            </p>
          </div>
        ) : (
          <CoupleForm clients={clients.data} />
        ))}
    </>
  );
}

function CoupleForm({ clients }: { clients: Client[] }) {
  const me = useCurrentUser();
  const members = useMembers();
  const create = useCreateCouple();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [partners, setPartners] = useState<[PartnerChoice, PartnerChoice]>([
    { client_id: "", trust_role: "unspecified" },
    { client_id: "", trust_role: "unspecified" },
  ]);
  const [clinicianIds, setClinicianIds] = useState<string[]>(me.role === "clinician" ? [me.user.id] : []);
  // A mistake caught before sending, shown the same way as the API's own 422.
  const [local, setLocal] = useState<ApiError | null>(null);
  const error = local ?? (create.error ? asApiError(create.error) : null);
  const fields = error?.fields ?? {};

  function setPartner(i: 0 | 1, change: Partial<PartnerChoice>) {
    setPartners((ps) => {
      const next: [PartnerChoice, PartnerChoice] = [{ ...ps[0] }, { ...ps[1] }];
      next[i] = { ...next[i], ...change };
      return next;
    });
  }

  function partnersProblem(): string | null {
    if (!partners[0].client_id || !partners[1].client_id) return "Choose both partners.";
    if (partners[0].client_id === partners[1].client_id) return "Choose two different clients.";
    return null;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const problem = partnersProblem();
    if (problem) {
      setLocal(new ApiError(422, "validation_failed", "Please check the partners.", { partners: problem }));
      return;
    }
    setLocal(null);
    create.mutate(
      { name: name.trim(), partners, clinician_ids: clinicianIds },
      { onSuccess: (k) => navigate(`/app/couples/${k.id}`, { state: { notice: `${k.name} was added.` } }) },
    );
  }

  const partnersErrorId = fields.partners ? "partners-error" : undefined;
  return (
    <>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={submit} noValidate className="form">
        <Field
          name="name"
          label={LABELS.name}
          hint="How you will refer to them, for example “Sam and Alex”."
          required
          autoComplete="off"
          value={name}
          error={fields.name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset id="partners" className={fields.partners ? "field group field-invalid" : "field group"}>
          <legend>{LABELS.partners}</legend>
          <p className="field-hint" id="partners-hint">
            Two different active clients. Each partner's role in trust-repair work shapes which exercises suit them.
          </p>
          {fields.partners && (
            <p className="field-error" id="partners-error">
              {fields.partners}
            </p>
          )}
          <div className="partner-fields">
            {([0, 1] as const).map((i) => (
              <div key={i} className="partner-field">
                <SelectField
                  name={`partner${i + 1}`}
                  label={`Partner ${i + 1}`}
                  value={partners[i].client_id}
                  invalid={!!fields.partners}
                  describedBy={partnersErrorId}
                  onChange={(e) => setPartner(i, { client_id: e.target.value })}
                >
                  <option value="">Choose a client</option>
                  {clients.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.preferred_name && c.preferred_name !== c.name ? `${c.name} (${c.preferred_name})` : c.name}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  name={`partner${i + 1}_trust_role`}
                  label={`Role of partner ${i + 1}`}
                  value={partners[i].trust_role}
                  onChange={(e) => setPartner(i, { trust_role: e.target.value as TrustRole })}
                >
                  {TRUST_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {TRUST_ROLE_LABELS[r]}
                    </option>
                  ))}
                </SelectField>
              </div>
            ))}
          </div>
        </fieldset>
        <CheckboxGroup
          name="clinician_ids"
          legend={LABELS.clinician_ids}
          hint="Clinicians assigned to a couple see both partners."
          error={fields.clinician_ids}
          options={activeMembers(members.data).map((m) => ({ value: m.user_id, label: m.name, detail: ROLE_LABELS[m.role] }))}
          selected={clinicianIds}
          onChange={setClinicianIds}
          empty={members.isPending ? "Loading your team…" : members.isError ? "Your team could not be loaded." : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? "Adding couple…" : "Add couple"}
          </button>
          <Link to="/app/couples">Cancel</Link>
        </div>
      </form>
    </>
  );
}
