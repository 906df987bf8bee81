/**
 * A short confirmation of what just happened (e.g. "The session has ended."), announced politely;
 * nothing while there is none. Many pages keep such a sentence in state and show it the same way.
 */
export function Notice({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p role="status" className="notice">
      {text}
    </p>
  );
}
