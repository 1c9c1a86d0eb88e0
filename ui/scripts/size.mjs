// Prints the gzipped size of every JS and CSS file under build/, and the total.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("../build/", import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(js|css)$/.test(name)) yield path;
  }
}

let total = 0;
const rows = [];
try {
  for (const path of files(root)) {
    const gz = gzipSync(readFileSync(path), { level: 9 }).length;
    total += gz;
    rows.push([relative(root, path), gz]);
  }
} catch {
  console.error("no build/ folder: run `npm run build` first");
  process.exit(1);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [name, gz] of rows) console.log(`${(gz / 1024).toFixed(1).padStart(8)} KB  ${name}`);
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  total JS+CSS gzipped (${rows.length} files)`);
