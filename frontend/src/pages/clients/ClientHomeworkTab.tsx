import { Link } from "react-router";
import { useClientAssignments } from "../../api/assignments";
import type { Client } from "../../api/clients";
import { AssignmentList } from "../../components/AssignmentList";
import { QueryState } from "../../components/LoadState";
import { HomeworkLinkPanel } from "./HomeworkLinkPanel";
import { ReminderLog } from "./ReminderLog";

/** The client page's Homework tab: their link, what they were asked with their answers, and the reminders sent. */
export function ClientHomeworkTab({ client }: { client: Client }) {
  const assignments = useClientAssignments(client.id);
  const archived = client.status === "archived";
  return (
    <div className="stack">
      <HomeworkLinkPanel client={client} />
      <section className="panel" aria-labelledby="assignments-heading">
        <div className="section-header">
          <h2 id="assignments-heading">Assignments</h2>
          {!archived && (
            <Link to={`/app/assign?client=${client.id}`} className="button-primary">
              Assign homework
            </Link>
          )}
        </div>
        {archived && <p className="muted">{client.name} is archived: nothing new can be assigned.</p>}
        <QueryState query={assignments} what="assignments" />
        {assignments.data && (
          <AssignmentList assignments={assignments.data} level={3} empty={`Nothing is assigned to ${client.name} yet.`} />
        )}
      </section>
      <ReminderLog client={client} />
    </div>
  );
}
