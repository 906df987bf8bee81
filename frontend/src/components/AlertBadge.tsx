import { NavLink } from "react-router";
import { useOpenAlertCount } from "../api/alerts";

/**
 * The main navigation's link to the alerts, with the number of open (not yet acknowledged)
 * alerts as a pill: "Alerts (2)" in text, "Alerts, 2 open" to a screen reader. The list is
 * fetched again every minute, so a new alert shows without a reload. Only ever a number: an
 * alert's reason is clinical and stays on the alerts page.
 */
export function AlertsNavLink({ enabled = true }: { enabled?: boolean }) {
  const open = useOpenAlertCount(enabled) ?? 0;
  return (
    <NavLink to="/app/alerts" className="nav-alerts" aria-label={open > 0 ? `Alerts, ${open} open` : undefined}>
      Alerts
      {open > 0 && (
        <>
          {" "}
          <span className="nav-count" aria-hidden="true">
            <span className="nav-count-bracket">(</span>
            {open}
            <span className="nav-count-bracket">)</span>
          </span>
        </>
      )}
    </NavLink>
  );
}
