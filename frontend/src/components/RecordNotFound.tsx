import { Link } from "react-router";
import { useDocumentTitle } from "./useDocumentTitle";

type Props = {
  /** "client" or "couple". */
  kind: string;
  /** Where to go instead, e.g. the list. */
  back: { to: string; label: string };
};

/**
 * What a 404 from the API becomes: the record does not exist or is not the caller's to see.
 * The API does not say which, on purpose, and neither does this page.
 */
export function RecordNotFound({ kind, back }: Props) {
  const title = `This ${kind} is not available`;
  useDocumentTitle(title);
  return (
    <section className="not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{title}</h1>
      <p>
        There is no {kind} at this address, or they are not assigned to you. The link may be old, or the record may
        have been erased.
      </p>
      <p>If you think you should see this {kind}, ask your practice's owner or an admin to assign you.</p>
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </section>
  );
}
