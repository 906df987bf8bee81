import type { Client } from "../../api/clients";
import {
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_KIND_LABELS,
  DELIVERY_STATUS_LABELS,
  useClientReminders,
  type ReminderDelivery,
} from "../../api/reminders";
import { DataTable } from "../../components/DataTable";
import { formatWeekday } from "../../components/dates";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";

/** What reminders went to a client about their homework, and which failed or were skipped and why. */
export function ReminderLog({ client }: { client: Client }) {
  const log = useClientReminders(client.id);
  return (
    <section className="panel" aria-labelledby="reminder-log-heading">
      <h2 id="reminder-log-heading">Reminders</h2>
      <p className="muted">The reminders and nudges sent to {client.name}, newest first (the latest 100).</p>
      <QueryState query={log} what="reminders" />
      {log.data &&
        (log.data.length === 0 ? (
          <p className="empty">No reminders yet.</p>
        ) : (
          <DeliveryTable deliveries={log.data} name={client.name} />
        ))}
    </section>
  );
}

function DeliveryTable({ deliveries, name }: { deliveries: ReminderDelivery[]; name: string }) {
  return (
    <DataTable
      className="reminder-table"
      caption={`Reminders and nudges to ${name}, newest first`}
      captionHidden
      columns={["Homework day", "Exercise", "Kind", "Channel", "Status", "Reason"]}
    >
      {deliveries.map((d) => (
        // A failed row is marked by its bar and its words, not by colour alone.
        <tr key={d.id} className={d.status === "failed" ? "delivery-failed" : undefined}>
          <td>{formatWeekday(d.occurrence_date)}</td>
          <td>{d.assignment_title}</td>
          <td>{DELIVERY_KIND_LABELS[d.kind]}</td>
          <td>{DELIVERY_CHANNEL_LABELS[d.channel]}</td>
          <td>
            <span className={`badge badge-delivery-${d.status}`}>{DELIVERY_STATUS_LABELS[d.status]}</span>
            {d.sent_at && (
              <time className="muted delivery-time" dateTime={d.sent_at}>
                {formatDateTime(d.sent_at)}
              </time>
            )}
          </td>
          <td>{d.reason || <span className="muted">None</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
