// Fails when src/api/schema.d.ts is not what openapi-typescript generates from
// ../internal/web/openapi.yaml, so CI catches a contract change without regenerated types.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const spec = join(root, "..", "internal", "web", "openapi.yaml");
const committed = join(root, "src", "api", "schema.d.ts");
const dir = mkdtempSync(join(tmpdir(), "steady-api-"));
const fresh = join(dir, "schema.d.ts");

try {
  const cli = join(root, "node_modules", "openapi-typescript", "bin", "cli.js");
  execFileSync(process.execPath, [cli, spec, "-o", fresh], { stdio: ["ignore", "ignore", "inherit"] });
  let current = "";
  try {
    current = readFileSync(committed, "utf8");
  } catch {
    // missing file: reported as stale below
  }
  if (current !== readFileSync(fresh, "utf8")) {
    console.error(
      "src/api/schema.d.ts is stale: it does not match internal/web/openapi.yaml.\n" +
        "Run `npm run gen:api` in frontend/ and commit the result.",
    );
    process.exitCode = 1;
  } else {
    console.log("src/api/schema.d.ts matches internal/web/openapi.yaml.");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
