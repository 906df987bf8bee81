/**
 * A page of the staff app to go back to, from a `from` query parameter or navigation state:
 * "/app" or a path below it, nothing else. Anything that could lead off the app ("//host",
 * "https://…", "/app\\…", a control character) is refused with null, so a crafted link can
 * never send someone elsewhere after they save.
 */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 300) return null;
  if (!/^\/app(?:[/?#]|$)/.test(raw)) return null;
  if (raw.includes("//") || raw.includes("\\") || /[\u0000-\u001f\u007f]/.test(raw)) return null;
  return raw;
}

/** Where a way back leads, and what its link says. */
export type BackLink = { to: string; label: string };

/** Navigation state a page passes on so that the next page can offer the way back. */
export type BackState = { notice?: string; back?: BackLink };

/** The way back from navigation state, if it is one the app may follow. */
export function backFromState(state: unknown): BackLink | null {
  const back = (state as BackState | null)?.back;
  const to = safeReturnPath(back?.to);
  return to && back?.label ? { to, label: back.label } : null;
}
