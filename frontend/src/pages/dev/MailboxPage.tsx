import { useQuery } from "@tanstack/react-query";
import { api, toApiError } from "../../api/client";
import { AuthLayout } from "../../components/AuthLayout";
import { useDocumentTitle } from "../../components/useDocumentTitle";

/**
 * The development mailbox: email Steady would have sent while no SMTP server is configured,
 * so a newcomer can open the links it carries. The API route exists only in that mode.
 */
export function MailboxPage() {
  useDocumentTitle("Dev mailbox");
  const box = useQuery({
    queryKey: ["dev-mailbox"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/api/dev/mailbox");
      if (!data) throw toApiError(response.status, error);
      return data.messages;
    },
    refetchInterval: 5000,
  });
  return (
    <AuthLayout title="Dev mailbox">
      <p>Email sent while no SMTP server is configured lands here, newest first.</p>
      {box.isPending && <p role="status">Loading…</p>}
      {box.isError && <p role="alert">The mailbox is only available in development, without SMTP.</p>}
      {box.data?.length === 0 && <p>No messages yet.</p>}
      {box.data?.map((m) => (
        <article key={m.id} className="message">
          <h2>{m.subject}</h2>
          <p className="hint">
            To {m.to} · {new Date(m.created_at).toLocaleString()}
          </p>
          <pre className="message-body">{m.text}</pre>
        </article>
      ))}
    </AuthLayout>
  );
}
