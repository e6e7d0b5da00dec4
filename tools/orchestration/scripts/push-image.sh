#!/usr/bin/env bash
# push-image.sh <stack> <service> <local-image> <tag>: pushes a built image to the ECR repository of
# one catalog service of <stack> (ADR 0017) as <repositoryUrl>:<tag>, unless the repository has that
# tag already (tags are immutable there, so a re-run must not push again). Reads the repository from
# the `services` output in dist/<stack>/compute/outputs.json (written by nx run compute:deploy or
# compute:outputs). Docker must be logged in to the registry (aws ecr get-login-password | docker
# login, or amazon-ecr-login).
set -euo pipefail
usage="usage: push-image.sh <stack> <service> <local-image> <tag>"
stack="${1:?$usage}"
service="${2:?$usage}"
image="${3:?$usage}"
tag="${4:?$usage}"
outputs="dist/$stack/compute/outputs.json"
services="$(node -p "Object.keys(require('./$outputs').services || {}).sort().join(', ')")"
if [ -z "$services" ]; then
  echo "push-image.sh: $outputs has no services: deploy compute first (npx nx run compute:deploy --stack=$stack --exclude-task-dependencies)" >&2
  exit 1
fi
url="$(SERVICE="$service" node -p "const s = require('./$outputs').services; (Object.hasOwn(s, process.env.SERVICE) && s[process.env.SERVICE].repositoryUrl) || ''")"
if [ -z "$url" ]; then
  echo "push-image.sh: service \"$service\" has no repository in $outputs; its services are $services" >&2
  exit 2
fi
region="$(echo "$url" | cut -d. -f4)"
if aws ecr describe-images --repository-name "${url#*/}" --image-ids "imageTag=$tag" --region "$region" --output json > /dev/null 2>&1; then
  echo "$url:$tag is already in the repository"
  exit 0
fi
docker tag "$image" "$url:$tag"
docker push "$url:$tag"
