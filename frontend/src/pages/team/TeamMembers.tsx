import { useEffect, useRef, useState, type FormEvent } from "react";
import { asApiError, type Me } from "../../api/client";
import {
  canTransferOwnership,
  useMemberAction,
  useTeamMembers,
  type AssignableRole,
  type Member,
  type MemberAction,
} from "../../api/team";
import { DataTable } from "../../components/DataTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { FormActions } from "../../components/FormActions";
import { QueryState } from "../../components/LoadState";
import { SelectField } from "../../components/SelectField";
import { ROLE_LABELS } from "../AppShell";
import { SeatConfirm } from "./SeatConfirm";

/** An action waiting for a choice or a confirmation (PendingAction's form). */
type Choice = { kind: "role" | "deactivate" | "owner"; member: Member };
/** Or a reactivation, waiting for the extra seat's price to be confirmed. */
type Pending = Choice | { kind: "reactivate"; member: Member };

const STATUS_LABELS: Record<Member["status"], string> = { active: "Active", deactivated: "Deactivated" };

/** The members list; for owners and admins, with role changes, deactivation and (owner) transfer. */
export function TeamMembers({ me, manage }: { me: Me; manage: boolean }) {
  const members = useTeamMembers();
  const action = useMemberAction();
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState("");
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The button that opened the pending action, to put focus back on cancel.
  const opener = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  function open(kind: Pending["kind"], member: Member, button: HTMLButtonElement) {
    opener.current = button;
    action.reset();
    setNotice("");
    setPending({ kind, member });
  }

  function cancel() {
    setPending(null);
    action.reset();
    opener.current?.focus();
  }

  function run(change: MemberAction) {
    setNotice("");
    action.mutate(change, {
      onSuccess: () => {
        setPending(null);
        setNotice(doneMessage(change));
      },
    });
  }

  /** What this person may do to a member: never to themselves, never to the owner. */
  function actionsFor(m: Member) {
    if (!manage || m.user_id === me.user.id || m.role === "owner") return null;
    if (m.status === "deactivated") {
      return (
        <button type="button" className="button-secondary" onClick={(e) => open("reactivate", m, e.currentTarget)}>
          Reactivate <span className="visually-hidden">{m.name}</span>
        </button>
      );
    }
    return (
      <>
        <button type="button" className="button-secondary" onClick={(e) => open("role", m, e.currentTarget)}>
          Change role <span className="visually-hidden">of {m.name}</span>
        </button>
        <button type="button" className="button-danger-outline" onClick={(e) => open("deactivate", m, e.currentTarget)}>
          Deactivate <span className="visually-hidden">{m.name}</span>
        </button>
        {canTransferOwnership(me.role) && (
          <button type="button" className="button-secondary" onClick={(e) => open("owner", m, e.currentTarget)}>
            Make owner <span className="visually-hidden">({m.name})</span>
          </button>
        )}
      </>
    );
  }

  const bareError = action.error && !pending ? asApiError(action.error) : null;

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {notice && (
        <p role="status" className="notice" ref={noticeRef} tabIndex={-1}>
          {notice}
        </p>
      )}
      <ErrorSummary error={bareError} />
      <QueryState query={members} what="the team" />
      {members.data && (
        <DataTable className="members-table" columns={["Name", "Email", "Role", "Status"]} actions={manage}>
          {members.data.map((m) => (
            <tr key={m.user_id}>
              <th scope="row">
                {m.name}
                {m.user_id === me.user.id && <span className="secondary-line">You</span>}
              </th>
              <td>{m.email}</td>
              <td>{ROLE_LABELS[m.role]}</td>
              <td>
                <span className={`badge badge-member-${m.status}`}>{STATUS_LABELS[m.status]}</span>
              </td>
              {manage && (
                <td>
                  <div className="row-actions">{actionsFor(m)}</div>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {pending?.kind === "reactivate" && (
        <div className="member-action">
          <SeatConfirm
            key={pending.member.user_id}
            question={`Reactivate ${pending.member.name}?`}
            lead={`${pending.member.name} can sign in to ${me.practice.name} again.`}
            confirmLabel={`Reactivate ${pending.member.name}`}
            busyLabel="Reactivating…"
            busy={action.isPending}
            error={action.error ? asApiError(action.error) : null}
            onConfirm={() => run({ kind: "reactivate", member: pending.member })}
            onCancel={cancel}
          />
        </div>
      )}
      {pending && pending.kind !== "reactivate" && (
        <PendingAction
          key={`${pending.kind}-${pending.member.user_id}`}
          pending={pending}
          practiceName={me.practice.name}
          busy={action.isPending}
          error={action.error ? asApiError(action.error) : null}
          onConfirm={run}
          onCancel={cancel}
        />
      )}
    </section>
  );
}

type PendingActionProps = {
  pending: Choice;
  practiceName: string;
  busy: boolean;
  error: ReturnType<typeof asApiError> | null;
  onConfirm: (action: MemberAction) => void;
  onCancel: () => void;
};

/** The choice or confirmation an action needs, below the list, with focus moved to it. */
function PendingAction({ pending, practiceName, busy, error, onConfirm, onCancel }: PendingActionProps) {
  const { kind, member } = pending;
  const heading = useRef<HTMLHeadingElement>(null);
  const [role, setRole] = useState<AssignableRole>(member.role === "admin" ? "clinician" : "admin");
  useEffect(() => heading.current?.focus(), []);

  const title = {
    role: `Change ${member.name}'s role`,
    deactivate: `Deactivate ${member.name}?`,
    owner: `Make ${member.name} the owner?`,
  }[kind];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onConfirm(kind === "role" ? { kind, member, role } : { kind, member });
  }

  return (
    <form className={kind === "role" ? "panel member-action" : "panel member-action danger-zone"} onSubmit={onSubmit}>
      <h3 ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <ErrorSummary error={error} />
      {kind === "role" && (
        <>
          <p>
            {member.name} is {article(ROLE_LABELS[member.role])}. Admins can manage the team, the practice's
            settings and every client; clinicians see the clients assigned to them.
          </p>
          <SelectField
            name="role"
            label={`New role for ${member.name}`}
            value={role}
            onChange={(e) => setRole(e.target.value as AssignableRole)}
          >
            <option value="admin">Admin</option>
            <option value="clinician">Clinician</option>
          </SelectField>
        </>
      )}
      {kind === "deactivate" && (
        <p>
          {member.name} will no longer be able to sign in to {practiceName}, and their sessions end at once. Their
          clients stay with the practice. You can reactivate them later.
        </p>
      )}
      {kind === "owner" && (
        <>
          <p>
            {member.name} will become the owner of {practiceName}, with every permission you have now, including erasing
            clients and transferring ownership. You will become an admin.
          </p>
          <p className="confirm-question">Only the new owner can give ownership back. Continue only if you are sure.</p>
        </>
      )}
      <FormActions
        label={CONFIRM_LABELS[kind](member.name)}
        pendingLabel="Saving…"
        pending={busy}
        submitClassName={kind === "role" ? "button-primary" : "button-danger"}
        onCancel={onCancel}
      />
    </form>
  );
}

const CONFIRM_LABELS: Record<Choice["kind"], (name: string) => string> = {
  role: () => "Save role",
  deactivate: (name) => `Deactivate ${name}`,
  owner: (name) => `Make ${name} the owner`,
};

function doneMessage(change: MemberAction): string {
  const name = change.member.name;
  switch (change.kind) {
    case "role":
      return `${name} is now ${article(ROLE_LABELS[change.role])}.`;
    case "deactivate":
      return `${name} has been deactivated and signed out.`;
    case "reactivate":
      return `${name} has been reactivated and can sign in again.`;
    case "owner":
      return `${name} is now the owner. You are an admin.`;
  }
}

function article(label: string): string {
  return `${/^[AEIOU]/.test(label) ? "an" : "a"} ${label.toLowerCase()}`;
}
