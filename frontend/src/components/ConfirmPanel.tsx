import { useEffect, useId, useRef } from "react";
import type { ApiError } from "../api/client";

type ConfirmPanelProps = {
  /** The question, e.g. "Revoke Sam's homework link?". */
  question: string;
  /** What happens, said plainly. */
  detail?: string;
  /** The detail is still arriving (e.g. a price being looked up): its changes are announced. */
  detailLive?: boolean;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  error: ApiError | null;
  danger?: boolean;
  /** The confirm button waits (e.g. for the detail to load); Cancel stays available. */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A confirmation shown in place, with focus moved to its question so a keyboard or screen reader
 * user lands on it; the caller puts focus back on the button that opened it when it closes.
 */
export function ConfirmPanel({
  question,
  detail,
  detailLive,
  confirmLabel,
  busyLabel,
  busy,
  error,
  danger,
  confirmDisabled,
  onConfirm,
  onCancel,
}: ConfirmPanelProps) {
  const heading = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const id = useId();
  return (
    <div className="confirm" role="group" aria-labelledby={id}>
      <p id={id} ref={heading} tabIndex={-1} className="confirm-question">
        {question}
      </p>
      {detailLive ? <p aria-live="polite">{detail}</p> : detail && <p>{detail}</p>}
      {error && (
        <div className="error-summary" role="alert">
          <p className="error-summary-message">{error.message}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className={danger ? "button-danger" : "button-primary"} onClick={onConfirm} disabled={busy || confirmDisabled}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
