import { Navigate, Route, Routes } from "react-router";
import { useMe } from "./api/auth";
import { AcceptInvitationPage } from "./pages/AcceptInvitationPage";
import { AlertsPage } from "./pages/AlertsPage";
import { AppShell } from "./pages/AppShell";
import { AssignPage } from "./pages/AssignPage";
import { AuditPage } from "./pages/AuditPage";
import { EditClientPage, NewClientPage } from "./pages/ClientFormPage";
import { ClientPage } from "./pages/ClientPage";
import { ClientsPage } from "./pages/ClientsPage";
import { CouplePage } from "./pages/CouplePage";
import { CouplesPage } from "./pages/CouplesPage";
import { ExercisesPage } from "./pages/ExercisesPage";
import { LibraryExercisePage } from "./pages/LibraryExercisePage";
import { NewCouplePage } from "./pages/NewCouplePage";
import { ForgotPasswordPage } from "./pages/ForgotPasswordPage";
import { LoginPage } from "./pages/LoginPage";
import { MailboxPage } from "./pages/MailboxPage";
import { AppNotFoundPage, NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/OverviewPage";
import { ResetPasswordPage } from "./pages/ResetPasswordPage";
import { SecurityPage } from "./pages/SecurityPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SignupPage } from "./pages/SignupPage";
import { TeamPage } from "./pages/TeamPage";
import { EditTemplatePage, NewTemplatePage } from "./pages/TemplateEditorPage";
import { TemplatePage } from "./pages/TemplatePage";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route path="/app" element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="alerts" element={<AlertsPage />} />
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
