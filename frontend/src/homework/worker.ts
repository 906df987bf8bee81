// Registers the offline shell (public/homework-sw.js) for the homework pages only: its scope is
// /h/, so the staff app never runs under it. A script at the site's root may claim a narrower
// scope without any extra header. In `vite` (development) there is no worker: it would serve
// stale modules.
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register("/homework-sw.js", { scope: "/h/" }).catch(() => {
      // No worker (a private mode, say): the pages work as before, just not offline.
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
