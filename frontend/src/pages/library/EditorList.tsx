import type { ReactNode } from "react";

type EditorListProps = {
  /** The JSON path of the list, so the error summary can link to it. */
  id: string;
  legend: string;
  hint: string;
  error?: string;
  /** Another class beside "field group", e.g. "editor-list". */
  className?: string;
  children: ReactNode;
};

/** A list the editor builds (fields, days, a field's choices): its legend, hint and error. */
export function EditorList({ id, legend, hint, error, className, children }: EditorListProps) {
  return (
    <fieldset id={id} className={["field group", className, error && "field-invalid"].filter(Boolean).join(" ")}>
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      {error && <p className="field-error">{error}</p>}
      {children}
    </fieldset>
  );
}

type ItemActionsProps = {
  itemKey: string;
  /** "field 2", for screen readers. */
  what: string;
  first: boolean;
  last: boolean;
  removeLabel: string;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** Move up, move down and remove, for one item of a list. */
export function ItemActions({ itemKey, what, first, last, removeLabel, onMove, onRemove }: ItemActionsProps) {
  return (
    <div className="row-actions">
      <button type="button" id={`move-up-${itemKey}`} className="button-secondary" disabled={first} onClick={() => onMove(-1)}>
        Move up <span className="visually-hidden">{what}</span>
      </button>
      <button type="button" id={`move-down-${itemKey}`} className="button-secondary" disabled={last} onClick={() => onMove(1)}>
        Move down <span className="visually-hidden">{what}</span>
      </button>
      <button type="button" className="button-danger-outline" onClick={onRemove}>
        {removeLabel} <span className="visually-hidden">{what}</span>
      </button>
    </div>
  );
}
