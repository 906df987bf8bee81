import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, asApiError } from "../../api/client";
import {
  activeMembers,
  clientLabel,
  TRUST_ROLE_LABELS,
  useClient,
  useClients,
  useClientSearch,
  useCreateCouple,
  useMembers,
  type Client,
  type PartnerRequest,
  type TrustRole,
} from "../../api/clients";
import { doesClinicalWork } from "../../api/permissions";
import { usePracticeSettings } from "../../api/team";
import { CheckboxField } from "../../components/CheckboxField";
import { CheckboxGroup } from "../../components/CheckboxGroup";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { LoadError, Loading } from "../../components/LoadState";
import { RadioGroup } from "../../components/RadioGroup";
import { safeReturnPath, type BackState } from "../../components/returnTo";
import { SelectField } from "../../components/SelectField";
import { TimeZoneField } from "../../components/TimeZoneField";
import { browserTimeZone } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ROLE_LABELS, useCurrentUser } from "../AppShell";

const TRUST_ROLES: TrustRole[] = ["hurt", "caused_harm", "unspecified"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new client's details as the form holds them; time_zone null follows the practice's zone. */
type NewClientDraft = {
  name: string;
  preferred_name: string;
  email: string;
  mobile: string;
  time_zone: string | null;
  consent_email: boolean;
  consent_sms: boolean;
};

type PartnerDraft = {
  kind: "existing" | "new";
  /** The chosen existing client, kept even when a later search no longer lists them. */
  client: Pick<Client, "id" | "name" | "preferred_name"> | null;
  draft: NewClientDraft;
  trust_role: TrustRole;
};

type Partners = [PartnerDraft, PartnerDraft];

const EMPTY_DRAFT: NewClientDraft = {
  name: "",
  preferred_name: "",
  email: "",
  mobile: "",
  time_zone: null,
  consent_email: false,
  consent_sms: false,
};

/** The new-client fields, in the form's order, with their labels (as ClientFormPage names them). */
const NEW_CLIENT_LABELS = {
  name: "Name",
  preferred_name: "Preferred name",
  email: "Email",
  mobile: "Mobile",
  time_zone: "Time zone",
  consent_email: "Consents to email",
  consent_sms: "Consents to text messages",
} as const;

/** Labels by API field name, in the form's order, so the error summary follows the form. */
function fieldLabels(): Record<string, string> {
  const out: Record<string, string> = { name: "Couple name", partners: "Partners" };
  for (const i of [0, 1]) {
    const n = i + 1;
    out[`partners.${i}`] = `Partner ${n}`;
    out[`partners.${i}.client_id`] = `Partner ${n}`;
    for (const [key, label] of Object.entries(NEW_CLIENT_LABELS)) out[`partners.${i}.new_client.${key}`] = `Partner ${n}: ${label.toLowerCase()}`;
    out[`partners.${i}.trust_role`] = `Role of partner ${n}`;
  }
  out.clinician_ids = "Assigned clinicians";
  return out;
}

const LABELS = fieldLabels();

/**
 * /app/couples/new?client=<id>&from=<path>: `client` is preselected as partner 1 (from that
 * client's page), and `from` is where Cancel goes and where the new couple's page leads back to
 * (the couples list when missing or not a page of this app).
 */
export function NewCouplePage() {
  useDocumentTitle("Add a couple");
  const [params] = useSearchParams();
  const from = safeReturnPath(params.get("from")) ?? "/app/couples";
  const preselectId = params.get("client") ?? "";
  const wantsPreselect = UUID.test(preselectId);
  const preselected = useClient(preselectId, { enabled: wantsPreselect });
  const clients = useClients({ q: "", status: "active", clinician_id: "" });
  // A client who is not there (erased, or not the caller's) is simply not preselected.
  const waiting = clients.isPending || (wantsPreselect && preselected.isPending);
  const first = wantsPreselect && preselected.data?.status === "active" ? preselected.data : null;
  return (
    <>
      <h1>Add a couple</h1>
      <p className="lead">
        Link two partners, so you can assign work to both and follow it side by side. Either partner can be a client
        you already have, or someone new you add here.
      </p>
      {waiting && <Loading what="your clients" />}
      {!waiting && clients.isError && <LoadError error={asApiError(clients.error)} onRetry={() => void clients.refetch()} />}
      {!waiting && clients.data && <CoupleForm hasClients={clients.data.length > 0} first={first} from={from} />}
    </>
  );
}

/** What the way back from the new couple's page says, by where the form was opened. */
function backLabel(from: string, first: Client | null): string {
  const path = from.split(/[?#]/)[0];
  if (first && path.startsWith(`/app/clients/${first.id}`)) return `Back to ${first.name}`;
  if (path === "/app/couples") return "Back to couples";
  if (path === "/app/clients") return "Back to clients";
  if (path === "/app") return "Back to the overview";
  return "Back to where you were";
}

type CoupleFormProps = { hasClients: boolean; first: Client | null; from: string };

function CoupleForm({ hasClients, first, from }: CoupleFormProps) {
  const me = useCurrentUser();
  const members = useMembers();
  const settings = usePracticeSettings(true);
  const create = useCreateCouple();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const kind = hasClients ? "existing" : "new";
  const [partners, setPartners] = useState<Partners>([
    { kind: first ? "existing" : kind, client: first, draft: EMPTY_DRAFT, trust_role: "unspecified" },
    { kind, client: null, draft: EMPTY_DRAFT, trust_role: "unspecified" },
  ]);
  // Whoever does clinical work is assigned by default: only the assigned see the couple's record.
  const [clinicianIds, setClinicianIds] = useState<string[]>(doesClinicalWork(me.role) ? [me.user.id] : []);
  // A mistake caught before sending, shown the same way as the API's own 422.
  const [local, setLocal] = useState<ApiError | null>(null);
  const error = local ?? (create.error ? asApiError(create.error) : null);
  const fields = error?.fields ?? {};
  // New partners' time zone starts as the practice's, where reminders are set by default.
  const practiceZone = settings.data?.time_zone ?? browserTimeZone();

  function setPartner(i: 0 | 1, change: Partial<PartnerDraft>) {
    setPartners((ps) => {
      const next: Partners = [{ ...ps[0] }, { ...ps[1] }];
      next[i] = { ...next[i], ...change };
      return next;
    });
  }

  function localProblem(): Record<string, string> | null {
    const problems: Record<string, string> = {};
    partners.forEach((p, i) => {
      if (p.kind === "existing" && !p.client) problems[`partners.${i}.client_id`] = "Choose a client, or add someone new.";
    });
    const [a, b] = partners;
    if (a.kind === "existing" && b.kind === "existing" && a.client && a.client.id === b.client?.id) {
      problems.partners = "Choose two different clients.";
    }
    return Object.keys(problems).length > 0 ? problems : null;
  }

  function request(p: PartnerDraft): PartnerRequest {
    if (p.kind === "existing") return { client_id: p.client?.id ?? "", trust_role: p.trust_role };
    const d = p.draft;
    return {
      new_client: {
        name: d.name.trim(),
        preferred_name: d.preferred_name.trim(),
        email: d.email.trim(),
        mobile: d.mobile.trim(),
        time_zone: d.time_zone ?? practiceZone,
        consent_email: d.consent_email,
        consent_sms: d.consent_sms,
      },
      trust_role: p.trust_role,
    };
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const problems = localProblem();
    if (problems) {
      setLocal(new ApiError(422, "validation_failed", "Please check the partners.", problems));
      return;
    }
    setLocal(null);
    create.mutate(
      { name: name.trim(), partners: partners.map(request), clinician_ids: clinicianIds },
      {
        onSuccess: (k) => {
          const state: BackState = { notice: `${k.name} was added.`, back: { to: from, label: backLabel(from, first) } };
          navigate(`/app/couples/${k.id}`, { state });
        },
      },
    );
  }

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
          <p className="field-hint">
            Each partner's role in trust-repair work shapes which exercises suit them. A new partner is added as a client
            with the couple, and nothing is saved until both partners are right.
          </p>
          {fields.partners && (
            <p className="field-error" id="partners-error">
              {fields.partners}
            </p>
          )}
          <div className="partner-fields">
            {([0, 1] as const).map((i) => (
              <PartnerFields
                key={i}
                index={i}
                partner={partners[i]}
                hasClients={hasClients}
                practiceZone={practiceZone}
                fields={fields}
                onChange={(change) => setPartner(i, change)}
              />
            ))}
          </div>
        </fieldset>
        <CheckboxGroup
          name="clinician_ids"
          legend={LABELS.clinician_ids}
          hint="Clinicians assigned to a couple see both partners. A partner added here is assigned to them too."
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
          <Link to={from}>Cancel</Link>
        </div>
      </form>
    </>
  );
}

type PartnerFieldsProps = {
  index: 0 | 1;
  partner: PartnerDraft;
  hasClients: boolean;
  practiceZone: string;
  fields: Record<string, string>;
  onChange: (change: Partial<PartnerDraft>) => void;
};

function PartnerFields({ index, partner, hasClients, practiceZone, fields, onChange }: PartnerFieldsProps) {
  const n = index + 1;
  const own = fields[`partners.${index}`];
  return (
    <div className="partner-field" id={`partners.${index}`}>
      {own && <p className="field-error">{own}</p>}
      <RadioGroup
        name={`partner${n}_kind`}
        legend={`Who is partner ${n}?`}
        options={[
          { value: "existing", label: "A client you already have" },
          { value: "new", label: "Someone new", hint: "added as a client now" },
        ]}
        hint={hasClients ? undefined : "You have no active clients yet, so add both partners here."}
        value={partner.kind}
        onChange={(kind) => onChange({ kind: kind as PartnerDraft["kind"] })}
      />
      {partner.kind === "existing" ? (
        <ClientPicker index={index} partner={partner} fields={fields} onChange={onChange} />
      ) : (
        <NewClientFields
          index={index}
          draft={partner.draft}
          practiceZone={practiceZone}
          fields={fields}
          onChange={(change) => onChange({ draft: { ...partner.draft, ...change } })}
        />
      )}
      <SelectField
        name={`partners.${index}.trust_role`}
        label={`Role of partner ${n}`}
        value={partner.trust_role}
        error={fields[`partners.${index}.trust_role`]}
        onChange={(e) => onChange({ trust_role: e.target.value as TrustRole })}
      >
        {TRUST_ROLES.map((r) => (
          <option key={r} value={r}>
            {TRUST_ROLE_LABELS[r]}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** value, once it has stayed the same for ms: a search waits for a pause in typing. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

type ClientPickerProps = Omit<PartnerFieldsProps, "hasClients" | "practiceZone">;

/** A search box that narrows a list of the caller's active clients, and the list to choose from. */
function ClientPicker({ index, partner, fields, onChange }: ClientPickerProps) {
  const n = index + 1;
  const [query, setQuery] = useState("");
  const settled = useSettled(query.trim(), 250);
  const search = useClientSearch(settled);
  const found = search.data ?? [];
  // The chosen client stays a choice even when the search no longer lists them.
  const options = partner.client && !found.some((c) => c.id === partner.client?.id) ? [partner.client, ...found] : found;
  const error = fields[`partners.${index}.client_id`];
  const pairError = fields.partners ? "partners-error" : undefined;
  const resultsId = `partner${n}-results`;
  return (
    <>
      <Field
        name={`partner${n}_search`}
        type="search"
        label={`Search for partner ${n}`}
        hint="Type part of a name to narrow the list below."
        autoComplete="off"
        value={query}
        aria-controls={`partners.${index}.client_id`}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p id={resultsId} className="field-hint" aria-live="polite">
        {settled && search.isSuccess && !search.isPlaceholderData
          ? found.length === 0
            ? `No active client matches “${settled}”.`
            : `${found.length} ${found.length === 1 ? "client matches" : "clients match"} “${settled}”.`
          : ""}
      </p>
      <SelectField
        name={`partners.${index}.client_id`}
        label={`Partner ${n}`}
        value={partner.client?.id ?? ""}
        error={error}
        invalid={!!fields.partners}
        describedBy={pairError}
        onChange={(e) => onChange({ client: options.find((c) => c.id === e.target.value) ?? null })}
      >
        <option value="">Choose a client</option>
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {clientLabel(c)}
          </option>
        ))}
      </SelectField>
    </>
  );
}

type NewClientFieldsProps = {
  index: 0 | 1;
  draft: NewClientDraft;
  practiceZone: string;
  fields: Record<string, string>;
  onChange: (change: Partial<NewClientDraft>) => void;
};

/** The few details a new client needs now (as the add-client form asks them); the rest can wait. */
function NewClientFields({ index, draft, practiceZone, fields, onChange }: NewClientFieldsProps) {
  const n = index + 1;
  const field = (key: keyof NewClientDraft) => `partners.${index}.new_client.${key}`;
  function text(key: "name" | "preferred_name" | "email" | "mobile") {
    return {
      name: field(key),
      label: NEW_CLIENT_LABELS[key],
      value: draft[key],
      error: fields[field(key)],
      autoComplete: "off",
      onChange: (e: { target: { value: string } }) => onChange({ [key]: e.target.value }),
    };
  }
  function check(key: "consent_email" | "consent_sms") {
    return {
      name: field(key),
      label: NEW_CLIENT_LABELS[key],
      checked: draft[key],
      error: fields[field(key)],
      onChange: (e: { target: { checked: boolean } }) => onChange({ [key]: e.target.checked }),
    };
  }
  return (
    <fieldset className="field group new-partner" id={`partners.${index}.new_client`}>
      <legend>New client: partner {n}</legend>
      <Field {...text("name")} required />
      <Field {...text("preferred_name")} hint="What they like to be called, if it differs from their name." />
      <Field {...text("email")} type="email" />
      <Field {...text("mobile")} type="tel" hint="Include the country code, e.g. +44 7700 900123." />
      <TimeZoneField
        name={field("time_zone")}
        label={NEW_CLIENT_LABELS.time_zone}
        hint="The practice's zone unless you choose another. Their reminders follow the clock in this zone."
        error={fields[field("time_zone")]}
        required
        value={draft.time_zone ?? practiceZone}
        onChange={(zone) => onChange({ time_zone: zone })}
      />
      <CheckboxField {...check("consent_email")} hint="They agreed to get homework links and reminders by email." />
      <CheckboxField {...check("consent_sms")} hint="They agreed to get homework links and reminders by text message." />
    </fieldset>
  );
}
