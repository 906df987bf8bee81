import type { Me } from "../api/client";
import { canExportPractice } from "../api/permissions";
import { formatDate } from "../components/format";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { PracticeExport } from "./settings/PracticeExport";

/**
 * What a closed practice shows whoever is still signed in to it: that it is closed and when its
 * data goes, and for its owner the export, the one thing the API still allows there.
 */
export function ClosedPractice({ me }: { me: Me }) {
  useDocumentTitle("Practice closed");
  const { closed_at: closedAt, delete_after: deleteAfter } = me.practice;
  return (
    <>
      <h1>{me.practice.name} is closed</h1>
      <p>
        The practice was closed{closedAt ? ` on ${formatDate(closedAt)}` : ""}. Nothing more is sent or recorded, and
        members and clients can no longer sign in.
        {deleteAfter && ` Its data will be deleted for good on ${formatDate(deleteAfter)}.`}
      </p>
      {canExportPractice(me.role) ? (
        <PracticeExport />
      ) : (
        <p>Only the practice's owner can still sign in, to export its data.</p>
      )}
    </>
  );
}
