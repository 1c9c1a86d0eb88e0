// Run after `npm install` changes package-lock.json.
//
// Why: the package registry this project installs from does not carry every platform's native
// build of rollup and Tailwind's oxide. npm then leaves those optional packages out of the lock
// (npm/cli#4828 shows the same symptom), and `npm ci` refuses a lock that does not name every
// optional dependency. This adds the missing entries, with the platform read from the package
// name (`@rollup/rollup-darwin-arm64` → os darwin, cpu arm64), so `npm ci` accepts the lock
// here and installs the right native package on macOS, Windows and Linux alike.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

const OSES = new Set(["android", "darwin", "freebsd", "linux", "win32", "openbsd", "netbsd", "sunos", "aix", "openharmony"]);
const LIBC = { gnu: "glibc", gnueabihf: "glibc", musl: "musl", musleabihf: "musl" };

function platform(name) {
  const tail = name.split("/").pop().split("-");
  const at = tail.findIndex((t) => OSES.has(t));
  if (at < 0) {
    const wasm = tail.find((t) => t.startsWith("wasm"));
    return wasm ? { cpu: [wasm] } : {};
  }
  const [os, cpu, abi] = tail.slice(at);
  const out = { os: [os] };
  if (cpu) out.cpu = [cpu];
  if (os === "linux" && abi && LIBC[abi]) out.libc = [LIBC[abi]];
  return out;
}

let added = 0;
for (const [path, pkg] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[nested] || packages[top]) continue;
    packages[top] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform(name) };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} optional platform entries to package-lock.json`);
