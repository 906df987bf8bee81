/**
 * A choice field's options from their ids and labels, in order: options({ calm: "Calm", tense: "Tense" })
 * is [{ id: "calm", label: "Calm" }, { id: "tense", label: "Tense" }]. The exercise fixtures (here and
 * in src/homework/testing.tsx) and the tests that expect a field's options write many of these.
 */
export function options(labels: Record<string, string>): { id: string; label: string }[] {
  return Object.entries(labels).map(([id, label]) => ({ id, label }));
}
