import { asApiError, type ApiError } from "../api/client";

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

/** What QueryState reads of a query (a TanStack Query result). */
type QueryLike = { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };

/**
 * A query's loading message, or its error with a way to try again; nothing once it has data.
 * Every list and panel that loads something shows these two the same way, so they live here.
 */
export function QueryState({ query, what }: { query: QueryLike; what: string }) {
  return (
    <>
      {query.isPending && <Loading what={what} />}
      {query.isError && <LoadError error={asApiError(query.error)} onRetry={() => void query.refetch()} />}
    </>
  );
}
