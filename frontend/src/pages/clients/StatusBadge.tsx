/** A client's status as a small label; archived stands out, active stays quiet. */
export function StatusBadge({ status }: { status: "active" | "archived" }) {
  return <span className={`badge badge-${status}`}>{status === "active" ? "Active" : "Archived"}</span>;
}
