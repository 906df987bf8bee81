import { useEffect, useReducer, type FormEvent } from "react";
import type { ApiError } from "../../api/client";
import type { Exercise } from "../../api/exercises";
import { resolveIds, toDefinition, type Draft } from "./templateDraft";
import { initialTemplate, isStructural, placeErrors, summaryLabels, templateReducer, type TemplateAction } from "./templateState";

type Options = {
  initial: Draft;
  /** The API's last refusal, if any. */
  error: ApiError | null;
  /** Forget the last refusal: its paths no longer match once fields move. */
  onReset: () => void;
  onSubmit: (definition: Exercise) => void;
};

/**
 * The template editor's state (a reducer, see templateState.ts) with what follows from it: the
 * form's parts render it and dispatch their changes. After a change that names an element to
 * focus (a new field, a moved field's button), it is focused once drawn.
 */
export function useTemplateForm({ initial, error, onReset, onSubmit }: Options) {
  const [state, dispatchState] = useReducer(templateReducer, initial, initialTemplate);
  const { draft, focusId } = state;
  const shown = placeErrors(error);
  const errors = shown?.fields ?? {};

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    dispatchState({ type: "focused" });
  }, [focusId]);

  function dispatch(action: TemplateAction) {
    dispatchState(action);
    if (isStructural(action)) onReset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(toDefinition(draft));
  }

  return {
    draft,
    announcement: state.announcement,
    dispatch,
    submit,
    shown,
    errors,
    labels: summaryLabels(draft, errors),
    derivedIds: resolveIds(draft.fields, "field"),
  };
}
