import { useEffect, useId, useRef, useState, type Ref } from "react";
import { Link } from "react-router";
import { asApiError, type ApiError } from "../../api/client";
import { CASELOAD_PAGE_SIZE, measureName, useCaseload, type Caseload, type CaseloadEntry } from "../../api/progress";
import { LoadError, Loading } from "../../components/LoadState";

/** Whether anything about a client calls for a look. */
export function needsAttention(e: CaseloadEntry): boolean {
  return e.open_alerts > 0 || e.missed_streak > 0 || e.worsening.length > 0 || e.reasons.length > 0;
}

/** The next page of the caseload: whether there is one, its load, and how to ask for it. */
type More = {
  hasMore: boolean;
  loading: boolean;
  /** A next page that failed to load; what was shown stays. */
  error: ApiError | null;
  /** Loads the next page and resolves with the caseload as it then is. */
  load: () => Promise<Caseload | undefined>;
};

/**
 * "Who needs attention": the caller's clients in the API's order (open alerts, then missed
 * streaks, then worse scores), each with the reasons in words and the counts behind them. The
 * order is the server's and is never changed here; clients with nothing flagged follow, folded.
 * The caseload comes a page at a time (a practice can have thousands of clients): the counts are
 * the server's over the whole caseload, and "Show more clients" loads the next page.
 */
export function CaseloadSection() {
  const caseload = useCaseload();
  const headingId = useId();
  let body;
  if (caseload.isPending) body = <Loading what="your caseload" />;
  else if (caseload.data) {
    // Loaded pages stay shown even when a later page fails.
    const more: More = {
      hasMore: caseload.hasNextPage,
      loading: caseload.isFetchingNextPage,
      error: caseload.isFetchNextPageError ? asApiError(caseload.error) : null,
      load: async () => (await caseload.fetchNextPage()).data,
    };
    body = <CaseloadList caseload={caseload.data} more={more} />;
  } else {
    const error = asApiError(caseload.error);
    // /api/caseload has no record in its address: a 404 means this server has no caseload yet.
    body =
      error.status === 404 ? (
        <p className="muted">The caseload is not available yet.</p>
      ) : (
        <LoadError error={error} onRetry={() => void caseload.refetch()} />
      );
  }
  return (
    <section className="panel caseload" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>Who needs attention</h2>
        {/* The couple form comes back here on Cancel, and the new couple's page links back. */}
        <Link to="/app/couples/new?from=/app" className="button-secondary">
          Add a couple
        </Link>
      </div>
      {body}
    </section>
  );
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function CaseloadList({ caseload, more }: { caseload: Caseload; more: More }) {
  const { entries, total, flagged } = caseload;
  const listId = useId();
  const [restOpen, setRestOpen] = useState(false);
  // After "Show more clients", focus goes to the first client it brought (the button may be gone).
  // The fetch can resolve before that client is on screen: the effect waits for it, then lets go.
  const [focusId, setFocusId] = useState<string | null>(null);
  const focusRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (!focusId || !focusRef.current) return;
    focusRef.current.focus();
    setFocusId(null);
  }, [focusId, entries]);

  if (entries.length === 0 && total === 0) {
    return (
      <p className="muted">
        No clients on your caseload yet. <Link to="/app/clients/new">Add a client</Link>
      </p>
    );
  }
  const shownFlagged = entries.filter(needsAttention);
  const rest = entries.filter((e) => !needsAttention(e));
  // The server counts the whole caseload; what is loaded so far can only be part of it.
  const restTotal = Math.max(total - flagged, rest.length);
  const refFor = (e: CaseloadEntry) => (e.client_id === focusId ? focusRef : undefined);

  async function showMore() {
    if (more.loading) return;
    const before = new Set(entries.map((e) => e.client_id));
    const after = await more.load();
    const first = after?.entries.find((e) => !before.has(e.client_id));
    if (!first) return; // failed (the error says so) or nothing new: focus stays on the button
    if (!needsAttention(first)) setRestOpen(true);
    setFocusId(first.client_id);
  }

  return (
    <>
      {flagged === 0 && shownFlagged.length === 0 ? (
        <p className="caseload-calm">Nobody needs attention right now: no open alerts, missed streaks or worse scores.</p>
      ) : (
        <>
          <p className="caseload-summary">
            {flagged} of {plural(total, "client", "clients")} {flagged === 1 ? "needs" : "need"} attention.
          </p>
          <p id={listId} className="muted">
            Most urgent first: open alerts, then homework missed in a row, then scores worse by a reliable change.
          </p>
          {shownFlagged.length > 0 && (
            <ol className="caseload-list" aria-label="Clients who need attention, most urgent first" aria-describedby={listId}>
              {shownFlagged.map((e) => (
                <li key={e.client_id} className="caseload-item">
                  <CaseloadItem entry={e} linkRef={refFor(e)} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {restTotal > 0 && (
        <details className="caseload-rest" open={restOpen} onToggle={(ev) => setRestOpen(ev.currentTarget.open)}>
          <summary>{plural(restTotal, "client", "clients")} with nothing flagged</summary>
          {rest.length > 0 && (
            <ul className="plain-list">
              {rest.map((e) => (
                <li key={e.client_id}>
                  <Link to={`/app/clients/${e.client_id}`} ref={refFor(e)}>
                    {e.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {more.hasMore && rest.length < restTotal && (
            <p className="muted">
              Showing {rest.length} of {restTotal}. The rest come after everyone who needs attention: use “Show more
              clients” below.
            </p>
          )}
        </details>
      )}
      {(more.hasMore || entries.length > CASELOAD_PAGE_SIZE) && (
        <div className="paging caseload-more">
          {more.error && !more.loading && (
            <div className="error-summary" role="alert">
              <p className="error-summary-message">More clients could not be loaded. {more.error.message}</p>
            </div>
          )}
          {more.hasMore && (
            // aria-disabled rather than disabled while loading, so that focus stays on the button.
            <button
              type="button"
              className="button-secondary"
              aria-disabled={more.loading || undefined}
              onClick={() => void showMore()}
            >
              {more.loading ? "Loading more clients…" : "Show more clients"}
            </button>
          )}
          <p role="status" className="muted">
            {entries.length < total
              ? `Showing ${entries.length} of ${plural(total, "client", "clients")}.`
              : `Showing all ${plural(total, "client", "clients")}.`}
          </p>
        </div>
      )}
    </>
  );
}

function CaseloadItem({ entry: e, linkRef }: { entry: CaseloadEntry; linkRef?: Ref<HTMLAnchorElement> }) {
  return (
    <>
      <div className="caseload-head">
        <Link to={`/app/clients/${e.client_id}`} className="row-link" ref={linkRef}>
          {e.name}
        </Link>
        <Link to={`/app/clients/${e.client_id}/progress`} className="caseload-progress-link" aria-label={`Progress of ${e.name}`}>
          Progress
        </Link>
      </div>
      {e.reasons.length > 0 && (
        <ul className="caseload-reasons">
          {e.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <dl className="caseload-counts">
        <div className={e.open_alerts > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Open alerts</dt>
          <dd>{e.open_alerts > 0 ? e.open_alerts : "None"}</dd>
        </div>
        <div className={e.missed_streak > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Missed in a row</dt>
          <dd>{e.missed_streak > 0 ? e.missed_streak : "None"}</dd>
        </div>
        <div className={e.worsening.length > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Worse by a reliable change</dt>
          <dd>{e.worsening.length > 0 ? e.worsening.map(measureName).join(", ") : "None"}</dd>
        </div>
      </dl>
    </>
  );
}
