import { Navigate, Route, Routes } from "react-router";
import { useMe } from "./api/auth";
import { AppShell } from "./pages/AppShell";
import { LoginPage } from "./pages/LoginPage";
import { MailboxPage } from "./pages/MailboxPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/OverviewPage";
import { SignupPage } from "./pages/SignupPage";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/app" element={<AppShell />}>
        <Route index element={<OverviewPage />} />
      </Route>
      <Route path="/dev/mailbox" element={<MailboxPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

/** "/" goes to the dashboard when signed in, else to the login page. */
function Home() {
  const me = useMe();
  if (me.isPending) {
    return (
      <main id="main" className="auth-main">
        <p role="status">Loading…</p>
      </main>
    );
  }
  return <Navigate to={me.data ? "/app" : "/login"} replace />;
}
