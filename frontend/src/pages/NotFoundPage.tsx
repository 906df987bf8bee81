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

/** An unknown address inside the signed-in app: the shell stays, so the navigation is at hand. */
export function AppNotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. Check it for typing mistakes, or choose a page from the menu.</p>
      <p>
        <Link to="/app">Go to the overview</Link>
      </p>
    </>
  );
}
