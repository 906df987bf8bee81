import { useClientJournal } from "../../api/assignments";
import type { Client } from "../../api/clients";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";

/** The client page's Journal tab: their entries, newest first. */
export function ClientJournalTab({ client }: { client: Client }) {
  const journal = useClientJournal(client.id);
  return (
    <section className="panel" aria-labelledby="journal-heading">
      <h2 id="journal-heading">Journal</h2>
      <p className="muted">What {client.name} wrote on their homework link, newest first. Only their clinicians see it.</p>
      <QueryState query={journal} what="the journal" />
      {journal.data &&
        (journal.data.length === 0 ? (
          <p className="empty">No journal entries yet.</p>
        ) : (
          <ol className="journal-entries">
            {journal.data.map((e) => (
              <li key={e.id}>
                <article aria-labelledby={`entry-${e.id}`}>
                  <h3 id={`entry-${e.id}`} className="subheading">
                    <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time>
                  </h3>
                  <p className="prewrap">{e.body}</p>
                </article>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
