import type { ReactNode } from "react";

type DataTableProps = {
  /** Classes beside "table", e.g. "sessions-table". */
  className?: string;
  /** What the table lists; none when left out. */
  caption?: ReactNode;
  /** The caption is for screen readers only (the page's heading already says it on screen). */
  captionHidden?: boolean;
  /** The column headings, left to right. */
  columns: ReactNode[];
  /** A last column for each row's buttons, headed "Actions" for screen readers only. */
  actions?: boolean;
  /** The rows (tr elements) of the body. */
  children: ReactNode;
};

/**
 * A scrolling table of records with a heading row: the frame that the team, sessions, clients,
 * couples, audit and reminder lists share, so each page writes only its own rows.
 */
export function DataTable({ className, caption, captionHidden, columns, actions, children }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"}>
        {caption !== undefined && <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th scope="col" key={i}>
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
