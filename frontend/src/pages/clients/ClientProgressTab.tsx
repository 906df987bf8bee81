import { useId } from "react";
import { Link } from "react-router";
import { asApiError } from "../../api/client";
import type { Client } from "../../api/clients";
import { useClientProgress, type Progress } from "../../api/progress";
import { AdherenceBars } from "../../components/charts/AdherenceBars";
import { CALENDAR_DAYS, CalendarLegend, ConsistencyCalendar } from "../../components/charts/ConsistencyCalendar";
import { todayISO } from "../../components/dates";
import { LoadError, Loading } from "../../components/LoadState";
import { ProgressMeasure } from "../../components/ProgressMeasure";

/** The client page's Progress tab: measures over time, homework done week by week, daily calendars. */
export function ClientProgressTab({ client }: { client: Client }) {
  const progress = useClientProgress(client.id);
  if (progress.isPending) return <Loading what="progress" />;
  if (progress.isError) {
    const error = asApiError(progress.error);
    // The client record loaded, so a 404 here means there is no progress to show (a server
    // without it): said calmly, not as an error.
    if (error.status === 404) return <p className="muted">Progress is not available for {client.name}.</p>;
    return <LoadError error={error} onRetry={() => void progress.refetch()} />;
  }
  return <ProgressSections client={client} progress={progress.data} />;
}

function ProgressSections({ client, progress }: { client: Client; progress: Progress }) {
  const measuresId = useId();
  const adherenceId = useId();
  const calendarId = useId();
  const archived = client.status === "archived";
  return (
    <div className="stack">
      <section className="panel" aria-labelledby={measuresId}>
        <h2 id={measuresId}>Measures</h2>
        {progress.measures.length === 0 ? (
          <p className="muted">
            No measures answered yet.{" "}
            {!archived && (
              <>
                The PHQ-9, GAD-7, PCL-5 and the weekly check-in can be{" "}
                <Link to={`/app/assign?client=${client.id}`}>assigned like any exercise</Link>.
              </>
            )}
          </p>
        ) : (
          <div className="progress-measures">
            {progress.measures.map((m) => (
              <ProgressMeasure key={m.instrument} measure={m} />
            ))}
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={adherenceId}>
        <h2 id={adherenceId}>Homework done, week by week</h2>
        <p className="muted">Answered (on time or late) of everything that was due, for the last twelve weeks.</p>
        <AdherenceBars
          weeks={progress.adherence}
          caption={`${client.name}: homework done each week`}
          empty="Nothing was due in the last twelve weeks."
        />
      </section>

      <section className="panel" aria-labelledby={calendarId}>
        <h2 id={calendarId}>Daily exercises and programmes: the last {CALENDAR_DAYS} days</h2>
        {progress.calendar.length === 0 ? (
          <p className="muted">No daily exercise or programme in the last {CALENDAR_DAYS} days.</p>
        ) : (
          <>
            <CalendarLegend />
            {progress.calendar.map((c) => (
              <CalendarBlock key={c.assignment_id} calendar={c} />
            ))}
          </>
        )}
      </section>
    </div>
  );
}

function CalendarBlock({ calendar }: { calendar: Progress["calendar"][number] }) {
  const headingId = useId();
  return (
    <section className="cal-block" aria-labelledby={headingId}>
      <h3 id={headingId}>{calendar.title}</h3>
      <ConsistencyCalendar calendar={calendar} today={todayISO()} />
    </section>
  );
}
