#!/usr/bin/env bash
# push-image.sh <stack> <local-image> <tag>: pushes a built image to the compute layer's ECR
# repository of <stack> as <repositoryUrl>:<tag>, unless the repository has that tag already (tags
# are immutable there, so a re-run must not push again). Reads the repository from
# dist/<stack>/compute/outputs.json (written by nx run compute:deploy or compute:outputs). Docker must
# be logged in to the registry (aws ecr get-login-password | docker login, or amazon-ecr-login).
set -euo pipefail
stack="${1:?usage: push-image.sh <stack> <local-image> <tag>}"
image="${2:?usage: push-image.sh <stack> <local-image> <tag>}"
tag="${3:?usage: push-image.sh <stack> <local-image> <tag>}"
outputs="dist/$stack/compute/outputs.json"
url="$(node -p "require('./$outputs').repositoryUrl || ''")"
if [ -z "$url" ]; then
  echo "push-image.sh: $outputs has no repositoryUrl: deploy compute first (npx nx run compute:deploy --stack=$stack --exclude-task-dependencies)" >&2
  exit 1
fi
region="$(echo "$url" | cut -d. -f4)"
if aws ecr describe-images --repository-name "${url#*/}" --image-ids "imageTag=$tag" --region "$region" --output json > /dev/null 2>&1; then
  echo "$url:$tag is already in the repository"
  exit 0
fi
docker tag "$image" "$url:$tag"
docker push "$url:$tag"
