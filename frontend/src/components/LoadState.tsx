import type { ApiError } from "../api/client";

/** A page or section that is still loading, announced politely. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      Loading {what}…
    </p>
  );
}

/** A load that failed, announced, with a way to try again. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <div className="error-summary" role="alert">
      <p className="error-summary-message">{error.message}</p>
      <button type="button" className="button-secondary retry" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
