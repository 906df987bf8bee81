import { canManageTeam } from "../../api/team";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";
import { TeamInvitations } from "./TeamInvitations";
import { TeamMembers } from "./TeamMembers";

/** The practice's people: everyone sees who is on the team; owners and admins manage it. */
export function TeamPage() {
  useDocumentTitle("Team");
  const me = useCurrentUser();
  const manage = canManageTeam(me.role);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Team</h1>
          <p className="lead">
            Everyone who works in {me.practice.name}.{" "}
            {manage
              ? "Invite colleagues, set their roles, and deactivate accounts that should no longer have access."
              : "The owner and admins manage the team."}
          </p>
        </div>
      </div>
      <div className="stack">
        <TeamMembers me={me} manage={manage} />
        {manage && <TeamInvitations />}
      </div>
    </>
  );
}
