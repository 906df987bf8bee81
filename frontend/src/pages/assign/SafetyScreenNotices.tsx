import { Link } from "react-router";
import { useSafetyScreens } from "../../api/assignments";
import type { ApiError } from "../../api/client";
import type { Couple } from "../../api/clients";
import { isTrustRepair } from "../../api/exercises";
import type { Entry } from "./assignState";

/** Trust-repair work for a couple needs a proceed screen: say so before the API does. */
export function ScreenWarning({ couple, chosen }: { couple: Couple; chosen: Entry[] }) {
  const screens = useSafetyScreens(couple.id, true);
  const trustRepair = chosen.some((e) => isTrustRepair(e.exercise));
  const newest = screens.data?.[0];
  const warning =
    trustRepair && screens.data
      ? !newest
        ? `${couple.name} have no safety screen yet, and trust-repair exercises can't be assigned to a couple until one is recorded.`
        : newest.decision === "hold"
          ? `The newest safety screen for ${couple.name} says to hold trust-repair homework.`
          : ""
      : "";
  if (!warning) return null;
  return (
    <p className="warning">
      {warning} <Link to={`/app/couples/${couple.id}#safety-screen`}>Go to the safety screen</Link>
    </p>
  );
}

/** 409: the couple has no safety screen yet, or the newest one says hold. */
export function ScreenConflict({ error, couple }: { error: ApiError; couple: Couple | null }) {
  const to = couple ? `/app/couples/${couple.id}#safety-screen` : "";
  const name = couple?.name ?? "This couple";
  return (
    <div className="error-summary" role="alert">
      {error.code === "safety_screen_hold" ? (
        <>
          <p className="error-summary-message">
            The newest safety screen for {name} says to hold trust-repair homework, so this exercise can't be assigned now.
          </p>
          <p>Exercises for any time can still be assigned. If things have changed, record a new safety screen.</p>
          {couple && (
            <p>
              <Link to={to}>See the safety screen for {name}</Link>
            </p>
          )}
        </>
      ) : error.code === "safety_screen_required" ? (
        <>
          <p className="error-summary-message">
            {name} need a safety screen before trust-repair exercises can be assigned to them.
          </p>
          <p>Self-guided repair is not enough where there is abuse, violence, addiction or ongoing deception.</p>
          {couple && (
            <p>
              <Link to={to}>Record the safety screen for {name}</Link>
            </p>
          )}
        </>
      ) : (
        <p className="error-summary-message">{error.message}</p>
      )}
    </div>
  );
}
