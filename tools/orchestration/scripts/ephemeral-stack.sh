#!/usr/bin/env bash
# ephemeral-stack.sh <stack> [<from>]: makes <stack> (e.g. pr-123) exist in every layer and writes
# its config afresh from <from>'s committed Pulumi.<from>.yaml (default dev), without
# environmentSuffix, so ENVIRONMENT_SUFFIX=<stack> names its resources (docs/deploy.md §4). Safe to
# run on every CI run: nothing of an earlier runner's checkout is needed.
#   pulumi stack select --create: pulumi/pulumi pkg/cmd/pulumi/stack/stack_select.go
#   pulumi config cp --stack <from> --dest <stack>: pkg/cmd/pulumi/config/config.go (config copy)
set -euo pipefail
stack="${1:?usage: ephemeral-stack.sh <stack> [<from>]}"
from="${2:-dev}"
: "${PULUMI_SECRETS_PROVIDER:?set PULUMI_SECRETS_PROVIDER (docs/deploy.md §2)}"
for layer in security network data compute; do
  (
    cd "stacks/$layer"
    pulumi stack select --create "$stack" --secrets-provider "$PULUMI_SECRETS_PROVIDER" --non-interactive
    pulumi config cp --stack "$from" --dest "$stack" --non-interactive
    pulumi config rm environmentSuffix --stack "$stack" --non-interactive
  )
done
