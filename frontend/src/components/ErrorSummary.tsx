import type { ApiError } from "../api/client";

type Props = {
  error: ApiError | null;
  /**
   * Labels of the form's fields by JSON name, to link field errors to their inputs. Without them
   * (an action with no form fields) only the message is shown.
   */
  labels?: Record<string, string>;
};

/** The form's error message, announced by screen readers (role="alert"). */
export function ErrorSummary({ error, labels = {} }: Props) {
  if (!error) return null;
  // In the form's order, not the server's.
  const fields = Object.keys(labels)
    .filter((name) => error.fields[name])
    .map((name) => [name, error.fields[name]] as const);
  return (
    <div className="error-summary" role="alert">
      <p className="error-summary-message">{error.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([name, message]) => (
            <li key={name}>
              <a href={`#${name}`}>
                {labels[name]}: {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
