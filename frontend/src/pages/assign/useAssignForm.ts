import { useReducer, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useCreateAssignment } from "../../api/assignments";
import { ApiError, asApiError } from "../../api/client";
import {
  assignLabels,
  assignProblems,
  assignReducer,
  assignRequest,
  assignView,
  initialAssign,
  inWords,
  placeErrors,
  SUGGESTED,
  type Entry,
  type Mode,
  type Recipient,
} from "./assignState";

/**
 * The assign form's state (a reducer, see assignState.ts) with what follows from it, and the
 * sending: the form's parts render it and dispatch their changes.
 */
export function useAssignForm(recipient: Recipient, entries: Entry[], initial: string) {
  const couple = recipient.kind === "couple" ? recipient.couple : null;
  const client = recipient.kind === "client" ? recipient.client : null;
  const partners = couple?.partners ?? [];
  const create = useCreateAssignment();
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(assignReducer, entries.find((e) => e.value === initial), initialAssign);
  const view = assignView(state, entries, !!couple);
  const entry = (value: string) => entries.find((e) => e.value === value);

  const serverError = create.error ? asApiError(create.error) : null;
  const conflict = serverError?.status === 409 && serverError.code.startsWith("safety_screen") ? serverError : null;
  const error = state.problems
    ? new ApiError(422, "validation_failed", "Please correct the highlighted fields.", state.problems)
    : serverError && !conflict
      ? placeErrors(serverError, state.sent)
      : null;
  const errors = error?.fields ?? {};

  function chooseExercise(value: string) {
    dispatch({ type: "exercise", value, definition: entry(value)?.exercise });
  }

  function choosePartnerExercise(index: number, value: string) {
    dispatch({ type: "partnerExercise", index, value, definition: entry(value)?.exercise });
  }

  /** Each partner's own exercise starts as the log written for their role, when the library has it. */
  function chooseMode(mode: Mode) {
    const suggested = partners.map((p) => {
      const slug = SUGGESTED[p.trust_role];
      return slug && entry(`library:${slug}`) ? `library:${slug}` : undefined;
    });
    dispatch({ type: "mode", mode, suggested });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const problems = assignProblems(state, view, partners.length);
    if (Object.keys(problems).length > 0) {
      dispatch({ type: "refused", problems });
      return;
    }
    const { body, titles } = assignRequest(state, view, recipient, entries);
    dispatch({ type: "sending", titles });
    create.mutate(body, {
      onSuccess: ({ assignments }) => {
        const assigned = inWords([...new Set(assignments.map((a) => `“${a.title}”`))]);
        if (couple) {
          navigate(
            { pathname: `/app/couples/${couple.id}`, hash: "homework" },
            { state: { notice: `Assigned ${assigned} to ${couple.name}.` } },
          );
        } else if (client) {
          navigate(`/app/clients/${client.id}/homework`, { state: { notice: `Assigned ${assigned} to ${client.name}.` } });
        }
      },
    });
  }

  return {
    state,
    dispatch,
    view,
    couple,
    client,
    partners,
    entry,
    error,
    errors,
    conflict,
    labels: assignLabels(partners, state.kind, errors),
    pending: create.isPending,
    chooseExercise,
    choosePartnerExercise,
    chooseMode,
    submit,
  };
}
