import { useEffect, useState } from "react";
import { asApiError, isSessionEnded, type ApiError } from "./api";
import { useHomework } from "./shell";

/**
 * Loads what a screen shows: again when deps change or retry() is called. A session that has
 * ended goes back to the link screen; intercept may claim an error first (a PIN now needed,
 * say) by returning true. An answer that comes after the screen has moved on is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], intercept?: (error: ApiError) => boolean) {
  const { sessionEnded } = useHomework();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e: unknown) => {
        const err = asApiError(e);
        if (!live || intercept?.(err)) return;
        if (isSessionEnded(err)) sessionEnded();
        else setError(err);
      },
    );
    return () => {
      live = false;
    };
    // load and intercept are fresh closures each render; deps say when to load again.
  }, [...deps, attempt, sessionEnded]);

  return { data, error, retry: () => setAttempt((n) => n + 1) };
}
