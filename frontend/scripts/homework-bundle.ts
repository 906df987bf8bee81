// A build check (vite.config.ts, build.rolldownOptions.plugins): the homework pages' first load
// must hold nothing of the staff app. Clients open their homework link on a phone, often on
// cellular; one stray import from src/homework of a staff page, the staff API modules, TanStack
// Query or React Router would put its code (or a whole shared chunk) on every client's phone.
// The homework pages may share React and the typed fetch client (src/api/client.ts, with its
// openapi-fetch) with the staff app: they need them. scripts/size-report.mjs measures the bytes.
import type { Rolldown } from "vite";

/** Modules the homework pages must never load on first load, and why. */
const STAFF_ONLY: [RegExp, string][] = [
  [/[\\/]node_modules[\\/]@tanstack[\\/]/, "TanStack Query (the staff app's data fetching)"],
  [/[\\/]node_modules[\\/]react-router(-dom)?[\\/]/, "React Router (the staff app's routes)"],
  [/[\\/]src[\\/](pages|components)[\\/]/, "a staff page or component"],
  [/[\\/]src[\\/](App|main)\.tsx$/, "the staff app's root"],
  [/[\\/]src[\\/]api[\\/](?!client\.ts$|schema\.d\.ts$)[^\\/]+$/, "a staff API module (TanStack Query hooks)"],
];

/** Fails the build when the chunks of homework.html's first load hold a staff-only module. */
export function homeworkBundleGuard(page = "homework.html"): Rolldown.Plugin {
  return {
    name: "steady-homework-bundle-guard",
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Rolldown.OutputChunk>();
      for (const item of Object.values(bundle)) if (item.type === "chunk") chunks.set(item.fileName, item);
      const entry = [...chunks.values()].find((c) => c.isEntry && c.facadeModuleId?.endsWith(page));
      if (!entry) return this.error(`homework bundle guard: no entry chunk for ${page}`);
      // The entry and every chunk it imports statically, transitively: what the page loads first.
      const first = new Set<string>();
      const queue = [entry.fileName];
      while (queue.length) {
        const name = queue.shift()!;
        const chunk = chunks.get(name);
        if (first.has(name) || !chunk) continue;
        first.add(name);
        queue.push(...chunk.imports);
      }
      // Grouped by chunk and reason: one stray import can bring in a hundred modules.
      const groups = new Map<string, string[]>();
      for (const name of first) {
        for (const id of chunks.get(name)!.moduleIds) {
          const hit = STAFF_ONLY.find(([pattern]) => pattern.test(id));
          if (!hit) continue;
          const key = `${name}: ${hit[1]}`;
          groups.set(key, [...(groups.get(key) ?? []), id.replace(/^.*?[\\/](node_modules|src)[\\/]/, "$1/")]);
        }
      }
      const found = [...groups].map(([key, ids]) => {
        const more = ids.length > 3 ? `, and ${ids.length - 3} more` : "";
        return `  ${key}: ${ids.slice(0, 3).join(", ")}${more}`;
      });
      if (found.length) {
        this.error(
          `${page} loads staff-app code on first load. Find the import from src/homework that pulls ` +
            `it in (a shared component or helper that imports it counts too):\n${found.join("\n")}`,
        );
      }
    },
  };
}
