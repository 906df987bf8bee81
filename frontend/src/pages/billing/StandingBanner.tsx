import { Link } from "react-router";
import { useStanding } from "../../api/billing";
import type { Me } from "../../api/client";
import { canManageBilling } from "../../api/permissions";
import { formatDate } from "../../components/format";
import { readOnlyBecause } from "./words";

/**
 * What the subscription means for the practice, above every page: owners and admins hear about
 * a failed payment while Steady still works in full; everyone hears when the practice is
 * read-only. Nothing in full standing, while loading, or when the standing cannot be read.
 */
export function StandingBanner({ me, enabled }: { me: Me; enabled: boolean }) {
  const standing = useStanding(enabled).data;
  const manager = canManageBilling(me.role);
  const billingLink = manager ? <Link to="/app/billing">Billing page</Link> : "Billing page";

  if (standing?.standing === "grace" && manager) {
    const until = standing.grace_ends ? `until ${formatDate(standing.grace_ends)}` : "for now";
    return (
      <div className="standing-banner standing-grace" role="status">
        <p>
          A payment failed. Steady keeps working in full {until}; update the payment method on the {billingLink}.
        </p>
      </div>
    );
  }
  if (standing?.standing === "read_only") {
    return (
      <div className="standing-banner standing-read-only" role="alert">
        <p>
          This practice is read-only because {readOnlyBecause(standing.reason)}. You can still read and export every
          record, and clients' links keep working. An owner or admin can restore it on the {billingLink}.
        </p>
      </div>
    );
  }
  return null;
}
