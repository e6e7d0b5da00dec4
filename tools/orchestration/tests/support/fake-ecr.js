// The toy ECR registry the stand-in docker pushes to and the stand-ins aws and pulumi read:
// FAKE_ECR_DIR/<repository name>/<tag> holds the digest of the image pushed under that tag.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

// Read at each call, so a test can point it at its sandbox's registry.
const dir = () => process.env.FAKE_ECR_DIR;
/** `<account>.dkr.ecr.<region>.amazonaws.com/<name>` -> `<name>` */
const repositoryName = (url) => url.split("/").slice(1).join("/");
const digestOf = (reference) => `sha256:${crypto.createHash("sha256").update(reference).digest("hex")}`;

function push(url, tag) {
  const file = path.join(dir(), repositoryName(url), tag);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const digest = digestOf(`${url}:${tag}`);
  fs.writeFileSync(file, digest);
  return digest;
}

/** The digest a tag (or a digest) has in a repository, or undefined. */
function find(name, imageTag, imageDigest) {
  const repo = path.join(dir(), name);
  if (!fs.existsSync(repo)) return undefined;
  for (const tag of fs.readdirSync(repo)) {
    const digest = fs.readFileSync(path.join(repo, tag), "utf8");
    if (tag === imageTag || digest === imageDigest) return { tag, digest };
  }
  return undefined;
}

module.exports = { push, find, repositoryName };
