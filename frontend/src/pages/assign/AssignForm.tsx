import { Link } from "react-router";
import { CheckboxGroup } from "../../components/CheckboxGroup";
import { ErrorSummary } from "../../components/ErrorSummary";
import { RadioGroup } from "../../components/RadioGroup";
import { roleInWords, SUGGESTED, type Entry, type Mode, type Recipient } from "./assignState";
import { CadenceFields } from "./CadenceFields";
import { ExercisePicker } from "./ExercisePicker";
import { ScreenConflict, ScreenWarning } from "./SafetyScreenNotices";
import { useAssignForm } from "./useAssignForm";

type AssignFormProps = { recipient: Recipient; entries: Entry[]; initial: string };

/** What to assign to a client or a couple, and when. */
export function AssignForm({ recipient, entries, initial }: AssignFormProps) {
  const form = useAssignForm(recipient, entries, initial);
  const { state, view, couple, client, partners, errors } = form;
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
      {form.conflict && <ScreenConflict error={form.conflict} couple={couple} />}
      <ErrorSummary error={form.error} labels={form.labels} />
      <form onSubmit={form.submit} noValidate className="form assign-form">
        {couple && (
          <RadioGroup
            name="mode"
            legend="Exercise for each partner"
            value={state.mode}
            onChange={(v) => form.chooseMode(v as Mode)}
            options={[
              { value: "same", label: "Same exercise for both partners" },
              { value: "different", label: "A different exercise for each partner" },
            ]}
          />
        )}
        {view.sameForAll ? <SharedExercise form={form} entries={entries} /> : <PartnerExercises form={form} entries={entries} />}
        <div aria-live="polite">{couple && <ScreenWarning couple={couple} chosen={view.chosen} />}</div>

        <CadenceFields state={state} weekdays={view.weekdays} errors={errors} client={client} dispatch={form.dispatch} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={form.pending}>
            {form.pending ? "Assigning…" : "Assign"}
          </button>
          <Link to={couple ? `/app/couples/${couple.id}` : `/app/clients/${client?.id}/homework`}>Cancel</Link>
        </div>
      </form>
    </>
  );
}

type SectionProps = { form: ReturnType<typeof useAssignForm>; entries: Entry[] };

/** One exercise for a client or for both partners, with the measures that can go along with a measure. */
function SharedExercise({ form, entries }: SectionProps) {
  const { state, view, couple, errors } = form;
  return (
    <>
      <ExercisePicker
        name="exercise"
        label="Exercise"
        searchLabel="Search exercises"
        hint={couple ? "Each partner gets their own copy and answers privately." : undefined}
        entries={entries}
        value={state.exercise}
        error={errors.exercise}
        onChange={form.chooseExercise}
      />
      {view.otherMeasures.length > 0 && (
        <CheckboxGroup
          name="measures"
          legend="Other measures on the same schedule"
          hint={`Optional. Each is assigned as its own measure${couple ? ", to both partners," : ""} with the cadence below.`}
          error={errors.measures}
          options={view.otherMeasures.map((m) => ({ value: m.value, label: m.title }))}
          selected={view.extras.map((m) => m.value)}
          onChange={(values) => form.dispatch({ type: "extraMeasures", values })}
        />
      )}
    </>
  );
}

/** A picker for each partner of a couple, naming the exercise suggested for their role. */
function PartnerExercises({ form, entries }: SectionProps) {
  return (
    <div className="partner-fields">
      {form.partners.map((p, i) => {
        const slug = SUGGESTED[p.trust_role];
        const suggestion = slug ? form.entry(`library:${slug}`) : undefined;
        return (
          <div key={p.client_id} className="partner-field">
            <ExercisePicker
              name={`partners.${i}.exercise`}
              searchLabel={`Search exercises for ${p.name}`}
              label={`Exercise for ${p.name}${p.trust_role === "unspecified" ? "" : ` (${roleInWords(p.trust_role)})`}`}
              hint={suggestion ? `Suggested for ${roleInWords(p.trust_role)}: ${suggestion.title}.` : undefined}
              entries={entries}
              value={form.state.partnerExercises[i] ?? ""}
              error={form.errors[`partners.${i}.exercise`]}
              onChange={(v) => form.choosePartnerExercise(i, v)}
            />
          </div>
        );
      })}
    </div>
  );
}
