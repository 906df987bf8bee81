import { Navigate, Route, Routes } from "react-router";
import { useMe } from "./api/auth";
import { AlertsPage } from "./pages/alerts/AlertsPage";
import { AppShell } from "./pages/AppShell";
import { AssignPage } from "./pages/assign/AssignPage";
import { AuditPage } from "./pages/audit/AuditPage";
import { DigestSettingsPage } from "./pages/digests/DigestSettingsPage";
import { DigestsPage } from "./pages/digests/DigestsPage";
import { AcceptInvitationPage } from "./pages/auth/AcceptInvitationPage";
import { BillingPage } from "./pages/billing/BillingPage";
import { ConfirmSignupPage } from "./pages/auth/ConfirmSignupPage";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage";
import { LoginPage } from "./pages/auth/LoginPage";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage";
import { SignupPage } from "./pages/auth/SignupPage";
import { EditClientPage, NewClientPage } from "./pages/clients/ClientFormPage";
import { ClientPage } from "./pages/clients/ClientPage";
import { ClientsPage } from "./pages/clients/ClientsPage";
import { CouplePage } from "./pages/couples/CouplePage";
import { CouplesPage } from "./pages/couples/CouplesPage";
import { NewCouplePage } from "./pages/couples/NewCouplePage";
import { MailboxPage } from "./pages/dev/MailboxPage";
import { ExercisesPage } from "./pages/library/ExercisesPage";
import { LibraryExercisePage } from "./pages/library/LibraryExercisePage";
import { EditTemplatePage, NewTemplatePage } from "./pages/library/TemplateEditorPage";
import { TemplatePage } from "./pages/library/TemplatePage";
import { AppNotFoundPage, NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/overview/OverviewPage";
import { SecurityPage } from "./pages/settings/SecurityPage";
import { SettingsPage } from "./pages/settings/SettingsPage";
import { TeamPage } from "./pages/team/TeamPage";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/signup/confirm" element={<ConfirmSignupPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route path="/app" element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="digests" element={<DigestsPage />} />
        <Route path="digests/settings" element={<DigestSettingsPage />} />
        <Route path="digests/:id" element={<DigestsPage />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="clients/new" element={<NewClientPage />} />
        <Route path="clients/:id" element={<ClientPage />} />
        <Route path="clients/:id/edit" element={<EditClientPage />} />
        <Route path="clients/:id/homework" element={<ClientPage tab="homework" />} />
        <Route path="clients/:id/journal" element={<ClientPage tab="journal" />} />
        <Route path="clients/:id/progress" element={<ClientPage tab="progress" />} />
        <Route path="couples" element={<CouplesPage />} />
        <Route path="couples/new" element={<NewCouplePage />} />
        <Route path="couples/:id" element={<CouplePage />} />
        <Route path="exercises" element={<ExercisesPage />} />
        <Route path="exercises/library/:slug" element={<LibraryExercisePage />} />
        <Route path="exercises/templates/new" element={<NewTemplatePage />} />
        <Route path="exercises/templates/:id" element={<TemplatePage />} />
        <Route path="exercises/templates/:id/edit" element={<EditTemplatePage />} />
        <Route path="assign" element={<AssignPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="team" element={<TeamPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="billing" element={<BillingPage />} />
        <Route path="security" element={<SecurityPage />} />
        <Route path="*" element={<AppNotFoundPage />} />
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
