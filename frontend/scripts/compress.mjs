// Precompresses the build: writes name.br (brotli, quality 11) and name.gz (gzip, level 9) beside
// every compressible file in dist/, each only when it is smaller than the file itself. The Go
// server (internal/web/static.go) sends the best of them the browser accepts, so a phone on a
// slow network downloads the smallest bytes and the server never compresses per request.
//
//   node scripts/compress.mjs [dir]     (dir defaults to dist/; `npm run build` runs it)
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from "node:zlib";

/** Extensions worth compressing: text. Images other than SVG and fonts are compressed already. */
export const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".html", ".svg", ".json", ".webmanifest", ".txt"]);

/** The encodings written, as the file suffix and the function that makes it. */
export const ENCODINGS = [
  {
    suffix: ".br",
    name: "br",
    decompress: (data) => brotliDecompressSync(data),
    compress: (data) =>
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { suffix: ".gz", name: "gzip", decompress: (data) => gunzipSync(data), compress: (data) => gzipSync(data, { level: 9 }) },
];

/** True for a precompressed variant this script wrote (never compressed again). */
export function isVariant(name) {
  return ENCODINGS.some((e) => name.endsWith(e.suffix));
}

/** Every file under dir, recursively, as paths relative to dir with "/" separators. */
export function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? d.path, d.name)).split("\\").join("/"))
    .sort();
}

/** Writes the variants of every compressible file in dir; returns what was written. */
export function precompress(dir) {
  const written = [];
  for (const name of filesUnder(dir)) {
    if (isVariant(name) || !COMPRESSIBLE.has(extname(name).toLowerCase())) continue;
    const data = readFileSync(join(dir, name));
    for (const enc of ENCODINGS) {
      const out = join(dir, name + enc.suffix);
      const packed = enc.compress(data);
      if (packed.length < data.length) {
        // The server sends these bytes as the file itself: make sure they are.
        if (!enc.decompress(packed).equals(data)) throw new Error(`${name}${enc.suffix} does not decompress to ${name}`);
        writeFileSync(out, packed);
        written.push({ name: name + enc.suffix, from: data.length, to: packed.length });
      } else {
        rmSync(out, { force: true }); // a variant from an earlier run must not outlive its file
      }
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
  const written = precompress(dir);
  console.log(`compress: wrote ${written.length} precompressed files (.br, .gz) in ${relative(process.cwd(), dir) || "."}`);
}
