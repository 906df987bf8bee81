// A form's closing row: the submit button, which says what it is doing while the request is
// pending, and a Cancel button beside it. Many panels (reminders, alerts, two-factor set-up, team
// actions, safety screens) end the same way, so it is written once here.

type FormActionsProps = {
  /** The submit button's words. */
  label: string;
  /** Its words while the request is pending (both buttons are disabled then). */
  pendingLabel: string;
  pending: boolean;
  /** The submit button's class: "button-primary" unless told otherwise (e.g. "button-danger"). */
  submitClassName?: string;
  /** What Cancel does; without it there is no Cancel button. */
  onCancel?: () => void;
};

export function FormActions({ label, pendingLabel, pending, submitClassName = "button-primary", onCancel }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className={submitClassName} disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {onCancel && (
        <button type="button" className="button-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      )}
    </div>
  );
}
