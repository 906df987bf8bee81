import { Fragment, type ReactNode } from "react";
import { Link } from "react-router";
import type { DigestCaseload, DigestContent, DigestItem, DigestLine, DigestPractice } from "../../api/digests";
import { percent } from "../../components/charts/days";
import { DataTable } from "../../components/DataTable";
import { formatWeekday } from "../../components/dates";

/**
 * One digest's content, as it was made: the caseload (who needs attention first, then the wins,
 * every line's adherence, measures left unanswered, homework ending soon) and, for owners and
 * admins, the practice's week. A couple is one line, with both partners.
 */
export function DigestView({ content }: { content: DigestContent }) {
  const { caseload, practice } = content;
  return (
    <div className="stack digest">
      {caseload ? (
        <CaseloadWeek caseload={caseload} />
      ) : (
        <p className="muted">You had no clients of your own this week, so this digest has no caseload.</p>
      )}
      {practice && <PracticeWeek practice={practice} />}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel digest-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function CaseloadWeek({ caseload: c }: { caseload: DigestCaseload }) {
  return (
    <>
      <Section id="digest-attention" title="Needs attention">
        {c.attention.length === 0 ? (
          <p className="digest-calm">Nobody needs your attention this week.</p>
        ) : (
          <Lines lines={c.attention} label="Clients and couples who need attention" />
        )}
      </Section>
      <Section id="digest-wins" title="Wins">
        {c.wins.length === 0 ? <p className="digest-calm">No wins to note this week.</p> : <Lines lines={c.wins} label="Wins this week" />}
      </Section>
      <Section id="digest-adherence" title="Adherence">
        <p className="digest-total">{caseloadTotal(c)}</p>
        {c.lines.length > 0 && <AdherenceTable lines={c.lines} />}
      </Section>
      <Section id="digest-measures" title="Measures due but unanswered">
        {c.measures_due.length === 0 ? (
          <p className="digest-calm">No measures were left unanswered this week.</p>
        ) : (
          <Items items={c.measures_due} to={(id) => `/app/clients/${id}/progress`} what={(i) => `${i.title}, due ${formatWeekday(i.date)}`} />
        )}
      </Section>
      <Section id="digest-ending" title="Ending soon">
        <p className="muted">Homework whose last day falls in the two weeks after this digest's week.</p>
        {c.ending_soon.length === 0 ? (
          <p className="digest-calm">Nothing ends in those two weeks.</p>
        ) : (
          <Items items={c.ending_soon} to={(id) => `/app/clients/${id}/homework`} what={(i) => `${i.title} ends on ${formatWeekday(i.date)}`} />
        )}
      </Section>
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Across your 4 clients, 9 of 12 tasks that came due were done (75%)." */
function caseloadTotal(c: DigestCaseload): string {
  const across = `Across your ${plural(c.clients, "client", "clients")}`;
  const p = percent(c.done, c.due);
  if (p === null) return `${across}, no tasks came due this week.`;
  return `${across}, ${c.done} of ${plural(c.due, "task", "tasks")} that came due ${c.due === 1 ? "was" : "were"} done (${p}%).`;
}

function lineHref(line: DigestLine): string {
  return line.kind === "couple" ? `/app/couples/${line.id}` : `/app/clients/${line.id}`;
}

/** A line's name, linked to the client or couple; a couple's partners beside it. */
function LineName({ line }: { line: DigestLine }) {
  const partners = line.kind === "couple" ? (line.partners ?? []).map((p) => p.name) : [];
  return (
    <>
      <Link to={lineHref(line)} className="row-link">
        {line.name}
      </Link>
      {partners.length > 0 && <span className="secondary-line">Partners: {joinNames(partners)}</span>}
    </>
  );
}

/** "Sam", "Sam and Alex", "Sam, Alex and Jo". */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Lines with their reasons, in the digest's order (the server's). */
function Lines({ lines, label }: { lines: DigestLine[]; label: string }) {
  return (
    <ul className="plain-list digest-lines" aria-label={label}>
      {lines.map((line) => (
        <li key={`${line.kind}-${line.id}`} className="digest-line">
          <LineName line={line} />
          {(line.reasons ?? []).length > 0 && (
            <ul className="caseload-reasons">
              {(line.reasons ?? []).map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The share done, or a dash (read as "Nothing due") when nothing came due. */
function Percent({ done, due }: { done: number; due: number }) {
  const p = percent(done, due);
  if (p === null) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Nothing due</span>
      </>
    );
  }
  return <>{p}%</>;
}

function AdherenceTable({ lines }: { lines: DigestLine[] }) {
  return (
    <DataTable className="digest-table" caption="Tasks done of those due, by client or couple" captionHidden columns={["Client or couple", "Done", "Due", "%"]}>
      {lines.map((line) => (
        <tr key={`${line.kind}-${line.id}`}>
          <th scope="row">
            <LineName line={line} />
          </th>
          <td className="num">{line.done}</td>
          <td className="num">{line.due}</td>
          <td className="num">
            <Percent done={line.done} due={line.due} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Items({ items, to, what }: { items: DigestItem[]; to: (clientId: string) => string; what: (item: DigestItem) => string }) {
  return (
    <ul className="plain-list digest-items">
      {items.map((item, i) => (
        <li key={`${item.client_id}-${i}`}>
          <Link to={to(item.client_id)}>{item.name}</Link>: {what(item)}
        </li>
      ))}
    </ul>
  );
}

/** "45 minutes", "1 hour", "2 hours 5 minutes". */
export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return plural(minutes, "minute", "minutes");
  return minutes === 0 ? plural(hours, "hour", "hours") : `${plural(hours, "hour", "hours")} ${plural(minutes, "minute", "minutes")}`;
}

function PracticeWeek({ practice: p }: { practice: DigestPractice }) {
  const share = percent(p.done, p.due);
  const rows: [string, string][] = [
    ["Alerts raised", String(p.alerts_raised)],
    ["Alerts acknowledged", String(p.alerts_acknowledged)],
    ["Median time to acknowledge", p.median_ack_minutes === null ? "None acknowledged" : formatMinutes(p.median_ack_minutes)],
    ["Alerts open now", String(p.alerts_open)],
    ["Clients without a clinician", String(p.unassigned)],
    ["Seats in use", String(p.seats)],
  ];
  return (
    <Section id="digest-practice" title="The practice's week">
      <p className="digest-total">
        {share === null
          ? "Across the practice, no tasks came due this week."
          : `Across the practice, ${p.done} of ${plural(p.due, "task", "tasks")} that came due ${p.due === 1 ? "was" : "were"} done (${share}%).`}
      </p>
      {p.clinicians.length === 0 ? (
        <p className="muted">No clinician had clients assigned this week.</p>
      ) : (
        <DataTable className="digest-table" caption="Adherence by clinician" columns={["Clinician", "Clients", "Done", "Due", "%"]}>
          {p.clinicians.map((c) => (
            <tr key={c.user_id}>
              <th scope="row">{c.name}</th>
              <td className="num">{c.clients}</td>
              <td className="num">{c.done}</td>
              <td className="num">{c.due}</td>
              <td className="num">
                <Percent done={c.done} due={c.due} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <dl className="details digest-figures">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </Section>
  );
}
