import { asApiError } from "../../api/client";
import { exportUnderWay, usePracticeExports, useStartExport, type PracticeExport as Export } from "../../api/practiceData";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";

/**
 * Export all practice data (owners): one zip made on the server, followed here as it is made,
 * then downloadable while its link lasts (24 hours). Shown in settings, and on its own in a
 * closed practice, where it is all that is left.
 */
export function PracticeExport() {
  const exports = usePracticeExports();
  const start = useStartExport();
  const latest = exports.data?.[0];
  const busy = start.isPending || exportUnderWay(latest);
  return (
    <section className="panel practice-export" aria-labelledby="practice-export-heading">
      <h2 id="practice-export-heading">Export all practice data</h2>
      <p>
        One zip file with everything the practice holds: every client's record, measures, journals, assignments and the
        audit trail, as a CSV file per table, with a list of the practice's members and a manifest giving each file's
        row count and SHA-256 checksum. Passwords and other sign-in secrets are left out. The download link works for
        24 hours.
      </p>
      <QueryState query={exports} what="the exports" />
      {latest && <ExportStatus export={latest} />}
      <ErrorSummary error={start.error ? asApiError(start.error) : null} />
      {!busy && exports.isSuccess && (
        <button type="button" className={latest?.status === "ready" ? "button-secondary" : "button-primary"} onClick={() => start.mutate()}>
          {latest ? "Start a new export" : "Export all practice data"}
        </button>
      )}
    </section>
  );
}

/** Where the latest export has got to, and its download while the link lasts. */
function ExportStatus({ export: e }: { export: Export }) {
  switch (e.status) {
    case "queued":
      return <p role="status">Export waiting to start…</p>;
    case "running":
      return <ExportProgress export={e} />;
    case "ready":
      return (
        <div className="export-ready">
          <p>
            Export ready ({formatSize(e.size_bytes ?? 0)}). The link works until {formatDateTime(e.expires_at ?? "")}.
          </p>
          <p>
            <a className="button-primary" href={e.download_url} download>
              Download the archive
            </a>
          </p>
          <p className="field-hint">
            SHA-256 checksum: <code>{e.sha256}</code>
          </p>
        </div>
      );
    case "expired":
      return <p>The last export's download link has expired and its archive was deleted. Start a new export to download the data again.</p>;
    case "failed":
      return (
        <div className="error-summary" role="alert">
          <p className="error-summary-message">The last export failed. Please start it again; if it keeps failing, contact support.</p>
        </div>
      );
  }
}

/** Files and rows done of the total, as a bar and in words. */
function ExportProgress({ export: e }: { export: Export }) {
  const counted = e.tables_total > 0;
  return (
    <div className="export-progress">
      <label htmlFor="practice-export-progress">Exporting…</label>
      <progress id="practice-export-progress" max={counted ? e.rows_total || 1 : undefined} value={counted ? e.rows_done : undefined} />
      <p role="status">
        {counted
          ? `${e.tables_done} of ${e.tables_total} files, ${e.rows_done.toLocaleString()} of ${e.rows_total.toLocaleString()} rows`
          : "Counting the practice's records…"}
      </p>
    </div>
  );
}

/** A size in bytes as people read it: "12.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["kB", "MB", "GB"];
  let n = bytes / 1000;
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}
