import { Link } from "react-router";

/**
 * The heading of a page that lists records, with the link that adds a new one beside it: the
 * clients, couples and exercises pages open the same way.
 */
export function ListPageHeader({ title, newTo, newLabel }: { title: string; newTo: string; newLabel: string }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <Link to={newTo} className="button-primary">
        {newLabel}
      </Link>
    </div>
  );
}
