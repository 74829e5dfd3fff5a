// Validates rendered Kubernetes manifests (kubectl kustomize output, one or more files) against
// the API schemas of Kubernetes, of the Prometheus operator's CRDs and of CloudNativePG's CRDs, as
// published in the npm packages kubernetes-models, @kubernetes-models/prometheus-operator and
// @kubernetes-models/cloudnative-pg (generated from the OpenAPI documents of those releases, and
// for CloudNativePG from its Go API types, github.com/cloudnative-pg/cloudnative-pg/api/v1):
//
//   1. every object through the package's JSON-schema validator (ajv): types, required fields,
//      enums and formats;
//   2. every object as a TypeScript object literal typed with the package's interface, checked
//      by tsc --strict: a field the schema does not have is an error at any depth (the JSON
//      schemas of the package allow extra fields, as the API server does unless asked to be
//      strict; we want them refused, as `kubectl apply --validate=strict` would).
//
// An object of a kind no package knows fails, unless listed with --unchecked apiVersion/kind
// (then it is said so, never passed silently).
//
//   node tools/kubernetes/validate-manifests.mjs [--unchecked GROUP/VERSION/KIND] FILE...
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const unchecked = new Set();
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--unchecked") unchecked.add(args[++i]);
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: validate-manifests.mjs [--unchecked GROUP/VERSION/KIND] FILE...");
  process.exit(2);
}

// apiVersion + kind -> the module of its model, or null when no package carries it.
function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const packageOf = {
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
    "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  };
  const path =
    group === ""
      ? `kubernetes-models/${version}/${kind}`
      : `${packageOf[group] ?? "kubernetes-models"}/${group}/${version}/${kind}`;
  return existsSync(join(root, "node_modules", path + ".js")) ? path : null;
}

const objects = [];
const problems = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    const name = `${file}: ${object.kind} ${object.metadata?.name ?? "(no name)"}`;
    const path = object.apiVersion && object.kind ? modulePath(object.apiVersion, object.kind) : null;
    if (path === null) {
      if (!unchecked.has(`${object.apiVersion}/${object.kind}`)) {
        problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
      }
      continue;
    }
    objects.push({ name, path, kind: object.kind, object });
  }
}

// 1. JSON schema (ajv, compiled into the packages).
for (const { name, path, kind, object } of objects) {
  const model = await import(join(root, "node_modules", path + ".js"));
  try {
    new model[kind](object).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}

// 2. Unknown fields: tsc's excess-property check of object literals against the interfaces.
const work = mkdtempSync(join(tmpdir(), "fieldops-manifests-"));
try {
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
  const lines = [];
  objects.forEach(({ name, path, kind, object }, i) => {
    lines.push(`import type { I${kind} as T${i} } from "${path}";`);
    lines.push(`// ${name.replace(/\n/g, " ")}`);
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`);
  });
  writeFileSync(join(work, "manifests.ts"), lines.join("\n") + "\n");
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext",
        target: "es2022", skipLibCheck: true, types: [],
      },
      files: ["manifests.ts"],
    }),
  );
  try {
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(work, "tsconfig.json")], {
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (error) {
    const source = readFileSync(join(work, "manifests.ts"), "utf8").split("\n");
    for (const line of (error.stdout || String(error)).split("\n").filter((l) => l.includes("error TS"))) {
      // manifests.ts(LINE,COL): error TSnnnn: message -> the object it belongs to
      const at = Number((line.match(/\((\d+),/) || [])[1]);
      let owner = "";
      for (let l = at - 1; l >= 0; l--) {
        if (source[l]?.startsWith("// ")) {
          owner = source[l].slice(3);
          break;
        }
      }
      problems.push(`${owner}: ${line.replace(/^.*error TS\d+: /, "")}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`${problems.length} problem(s) in ${objects.length} object(s)`);
  process.exit(1);
}
console.log(`${objects.length} object(s) valid` + (unchecked.size ? ` (not checked: ${[...unchecked].join(", ")})` : ""));
