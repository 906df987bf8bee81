import { Link, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { useDigest, useDigests, useDigestSettings, type DigestSettings, type DigestSummary } from "../../api/digests";
import { formatDateRange, formatDayAndTime } from "../../components/format";
import { LoadError, Loading, QueryState } from "../../components/LoadState";
import { browserTimeZone, timeZoneLabel } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { DigestView } from "./DigestView";

export const DIGEST_SETTINGS_PATH = "/app/digests/settings";

const INTRO = "Each week Steady makes a digest of your caseload: who needs your attention, what went well and how homework went.";

/** What a digest is, said once on every digest page. */
const KEPT_AS_MADE = "A digest is kept exactly as it was made: it does not change afterwards, even when a client's record does.";

/**
 * /app/digests (the latest digest) and /app/digests/:id (that week): the caller's own weekly
 * digest, with every past week listed below it as a link.
 */
export function DigestsPage() {
  const { id } = useParams();
  const list = useDigests();
  const shownId = id ?? list.data?.[0]?.id;
  const digest = useDigest(shownId);
  const digestError = digest.isError ? asApiError(digest.error) : null;
  // The API does not say whether a digest does not exist or is someone else's; neither does this page.
  const notAvailable = !!digestError && (digestError.status === 404 || digestError.status === 400);
  useDocumentTitle(notAvailable ? NOT_AVAILABLE : "Weekly digest");

  if (!id && list.data?.length === 0) return <NoDigestsYet />;
  if (notAvailable) return <NotAvailable />;

  let title = "Weekly digest";
  let lead = INTRO;
  let body;
  if (!id && list.isPending) body = <Loading what="your digests" />;
  else if (!id && list.isError) body = <LoadError error={asApiError(list.error)} onRetry={() => void list.refetch()} />;
  else if (digestError) body = <LoadError error={digestError} onRetry={() => void digest.refetch()} />;
  else if (!digest.data) body = <Loading what="the digest" />;
  else {
    const { digest: summary, content } = digest.data;
    title = `Your week: ${formatDateRange(summary.period_start, summary.period_end)}`;
    lead = `Your weekly digest, made on ${formatDayAndTime(summary.created_at)}.`;
    body = <DigestView content={content} />;
  }
  // On /app/digests the list's own loading and error are the page's; on a week's page, its section's.
  const weeks = list.data ? list.data.length > 0 : !!id;
  return (
    <>
      <Header title={title} />
      <p className="lead">
        {lead} {KEPT_AS_MADE}
      </p>
      <div className="stack">
        {body}
        {weeks && <PastWeeks list={list} shownId={shownId} />}
      </div>
    </>
  );
}

function Header({ title }: { title: string }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <Link to={DIGEST_SETTINGS_PATH} className="button-secondary">
        Digest settings
      </Link>
    </div>
  );
}

/** No digest yet: when the first one will be made, in the browser's own time zone. */
function NoDigestsYet() {
  const settings = useDigestSettings();
  return (
    <>
      <Header title="Weekly digest" />
      <p className="lead">
        {INTRO} {KEPT_AS_MADE}
      </p>
      <div className="empty">
        <p>You have no digests yet.</p>
        {settings.isPending && <Loading what="when your first digest is made" />}
        {settings.isError && <LoadError error={asApiError(settings.error)} onRetry={() => void settings.refetch()} />}
        {settings.data && <p>{firstDigestWhen(settings.data)}</p>}
        <p>
          <Link to={DIGEST_SETTINGS_PATH}>Choose the day and time of your digest</Link>
        </p>
      </div>
    </>
  );
}

function firstDigestWhen(s: DigestSettings): string {
  if (!s.next_send_at) return "Your first digest will be made on the day and at the hour in your digest settings.";
  return `Your first digest will be made on ${formatDayAndTime(s.next_send_at)} (${timeZoneLabel(browserTimeZone())} time).`;
}

const NOT_AVAILABLE = "This digest is not available";

function NotAvailable() {
  return (
    <section className="not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{NOT_AVAILABLE}</h1>
      <p>There is no digest of yours at this address. Each person sees only their own digests.</p>
      <p>
        <Link to="/app/digests">Go to your latest digest</Link>
      </p>
    </section>
  );
}

function attentionWords(n: number): string {
  if (n === 0) return "nobody needed attention";
  return `${n} needed attention`;
}

/** Every week's digest, newest first, the one on screen marked. */
function PastWeeks({ list, shownId }: { list: ReturnType<typeof useDigests>; shownId: string | undefined }) {
  const digests: DigestSummary[] = list.data ?? [];
  return (
    <section className="panel digest-weeks" aria-labelledby="digest-weeks-heading">
      <h2 id="digest-weeks-heading">Past weeks</h2>
      <QueryState query={list} what="your digests" />
      {digests.length > 0 && (
        <ul className="plain-list">
          {digests.map((d) => (
            <li key={d.id}>
              <Link to={`/app/digests/${d.id}`} aria-current={d.id === shownId ? "page" : undefined}>
                {formatDateRange(d.period_start, d.period_end)}
              </Link>{" "}
              <span className="muted">· {attentionWords(d.attention)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
