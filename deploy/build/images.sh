#!/usr/bin/env bash
# Every image of the stack, built here with no registry and no network inside the builds:
#   monoqala/app, monoqala/balancer, monoqala/db   (tag: MONOQALA_IMAGE_TAG, default latest)
# Runs base.sh (once) and wheelhouse.sh, then Docker's legacy builder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
deploy=$(dirname "$here")
root=$(dirname "$deploy")
DOCKER=${DOCKER:-docker}
CACHE=${MONOQALA_DEPLOY_CACHE:-/var/cache/monoqala-deploy}
TAG=${MONOQALA_IMAGE_TAG:-latest}
export DOCKER_BUILDKIT=0

"$here/base.sh"
"$here/wheelhouse.sh" "$CACHE/wheelhouse"

context=$(mktemp -d "$CACHE/context.XXXXXX")
trap 'rm -rf "$context"' EXIT
cp -al "$CACHE/wheelhouse" "$context/wheelhouse" 2>/dev/null || cp -a "$CACHE/wheelhouse" "$context/wheelhouse"
cp "$root/app.py" "$root/requirements-assets.txt" "$context/"
cp "$root/.streamlit/config.toml" "$context/streamlit-config.toml"

build() {
  local name=$1 dir=$2 dockerfile=$3
  echo "images: building monoqala/$name:$TAG"
  $DOCKER build --quiet --network none --tag "monoqala/$name:$TAG" -f "$dockerfile" "$dir" >/dev/null
}
build app "$context" "$deploy/Dockerfile"
build balancer "$deploy/balancer" "$deploy/balancer/Dockerfile"
build db "$deploy/db" "$deploy/db/Dockerfile"
echo "images: monoqala/app, monoqala/balancer, monoqala/db tagged $TAG"
