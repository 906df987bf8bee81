// Prints what each page of the build costs a browser on its first load, compressed as the Go
// server sends it (brotli to browsers that accept it, gzip to any other), and fails when the
// homework pages' first load is over budget: clients open them on phones, often on cellular.
//
//   node scripts/size-report.mjs [dir]     (dir defaults to dist/; `npm run build` runs it)
//
// A page's first load is the page itself and every file its tags make the browser fetch before
// the app runs (module scripts, modulepreload links, stylesheets, the icon), plus every chunk
// those scripts import statically, followed to the end. Chunks loaded with import() are not
// counted: nothing waits for them.
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAst } from "vite";
import { ENCODINGS } from "./compress.mjs";

/** The homework pages' budget: their first load, gzip, in bytes (kB = 1000 bytes, as Vite prints). */
export const HOMEWORK_BUDGET = 100_000;

/** The pages reported; a budget fails the build when the gzip total is over it. */
export const PAGES = [
  { html: "homework.html", label: "homework pages (/h/…, homework.html)", budget: HOMEWORK_BUDGET },
  { html: "index.html", label: "staff app (index.html)" },
];

const tagPattern = /<(script|link)\b([^>]*)>/gi;
const attrPattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(text) {
  const attrs = {};
  for (const m of text.matchAll(attrPattern)) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  return attrs;
}

/** A same-origin URL of a tag or import as a path in dist; null for another origin. */
function resolve(from, url) {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return null;
  const path = url.split(/[?#]/)[0];
  return path.startsWith("/") ? posix.normalize(path.slice(1)) : posix.join(posix.dirname(from), path);
}

/** The files a page's tags fetch on load: module scripts, modulepreloads, stylesheets, icons. */
export function pageTags(htmlPath, html) {
  const files = [];
  for (const [, tag, rest] of html.matchAll(tagPattern)) {
    const a = attributes(rest);
    const rel = (a.rel ?? "").toLowerCase().split(/\s+/);
    let url = null;
    if (tag.toLowerCase() === "script") url = a.src ?? null;
    else if (rel.some((r) => ["modulepreload", "stylesheet", "icon"].includes(r))) url = a.href ?? null;
    const file = url && resolve(htmlPath, url);
    if (file) files.push(file);
  }
  return files;
}

/** The chunks a module imports statically (import … from, export … from, bare import). */
export function staticImports(jsPath, code) {
  const found = [];
  for (const node of parseAst(code).body) {
    const kinds = ["ImportDeclaration", "ExportNamedDeclaration", "ExportAllDeclaration"];
    if (kinds.includes(node.type) && node.source && typeof node.source.value === "string") {
      const file = resolve(jsPath, node.source.value);
      if (file) found.push(file);
    }
  }
  return found;
}

/** A file of the build; a missing one is a broken build, named with what needs it. */
function read(dir, name, neededBy) {
  try {
    return readFileSync(join(dir, name));
  } catch {
    throw new Error(neededBy ? `${neededBy} loads ${name}, which is not in ${dir}` : `no ${name} in ${dir}`);
  }
}

/** Every file of a page's first load, the page first, each once. */
export function firstLoadFiles(dir, htmlPath) {
  const seen = new Set([htmlPath]);
  const queue = pageTags(htmlPath, read(dir, htmlPath).toString("utf8")).map((f) => [f, htmlPath]);
  while (queue.length) {
    const [file, from] = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const data = read(dir, file, from);
    if (/\.m?js$/.test(file)) queue.push(...staticImports(file, data.toString("utf8")).map((f) => [f, file]));
  }
  return [...seen];
}

/** Bytes sent for one file: plain, and with each encoding (the plain file when it is not smaller). */
export function transferSizes(data) {
  const sizes = { raw: data.length };
  for (const enc of ENCODINGS) sizes[enc.name] = Math.min(data.length, enc.compress(data).length);
  return sizes;
}

/** A page's first load: its files with their sizes, and the totals. */
export function measure(dir, htmlPath) {
  const files = firstLoadFiles(dir, htmlPath).map((name) => ({ name, ...transferSizes(read(dir, name)) }));
  const total = { raw: 0, gzip: 0, br: 0 };
  for (const f of files) for (const k of Object.keys(total)) total[k] += f[k];
  return { files, total };
}

const kB = (n) => `${(n / 1000).toFixed(2)} kB`.padStart(10);
const row = (name, s) => `  ${name.padEnd(44)} ${kB(s.raw)} ${kB(s.gzip)} ${kB(s.br)}`;

/** Measures every page, prints the report and returns the failures (empty when all fit). */
export function report(dir, pages = PAGES, log = console.log) {
  const failures = [];
  log(`First load of each page, as sent (kB = 1000 bytes; br to browsers that accept it, gzip to any other):`);
  for (const page of pages) {
    const { files, total } = measure(dir, page.html);
    log(`\n  ${page.label.padEnd(44)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}`);
    for (const f of files) log(row(f.name, f));
    let verdict = "";
    if (page.budget) {
      const over = total.gzip > page.budget;
      verdict = over
        ? `  OVER the ${kB(page.budget).trim()} gzip budget`
        : `  budget ${kB(page.budget).trim()} gzip: ok, ${kB(page.budget - total.gzip).trim()} to spare`;
      if (over) failures.push({ page, total });
    }
    log(row("total", total) + verdict);
  }
  return failures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
  try {
    const failures = report(dir);
    for (const { page, total } of failures) {
      console.error(
        `\nsize-report: the first load of ${page.html} is ${kB(total.gzip).trim()} gzip, over its budget of ` +
          `${kB(page.budget).trim()}.\nEvery file it loads is listed above: look for what grew. A new ` +
          `dependency imported from src/homework, or a module the staff app shares with it, lands on ` +
          `every client's phone (scripts/homework-bundle.ts already refuses staff-only code).`,
      );
    }
    if (failures.length) process.exitCode = 1;
  } catch (e) {
    console.error(`size-report: ${e.message}`);
    process.exitCode = 1;
  }
}
