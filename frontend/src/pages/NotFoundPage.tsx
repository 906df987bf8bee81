import { Link } from "react-router";
import { AuthLayout } from "../components/AuthLayout";
import { useDocumentTitle } from "../components/useDocumentTitle";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <AuthLayout title="Page not found">
      <p>There is no page at this address. Check it for typing mistakes, or go back to the start.</p>
      <p>
        <Link to="/">Go to Steady</Link>
      </p>
    </AuthLayout>
  );
}
