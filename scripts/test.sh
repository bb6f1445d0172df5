#!/usr/bin/env bash
# Runs every test: types, lint, formatting, unit tests, integration tests against the real Janus
# (and databases), and end-to-end tests in Debian's Chromium. Installs what it needs. Run as root.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1
bash scripts/setup-net.sh >/dev/null || exit 1
mkdir -p artifacts/test-results
echo "› Biên dịch / building"
npm run build --silent || exit 1

status=0
step() {
  echo "› $1"
  shift
  "$@" || status=1
}
step "types" npm run typecheck --silent
step "lint" npm run lint --silent
step "format" npm run format:check --silent
for project in unit integration e2e; do
  step "tests: $project" npx vitest run --project "$project" --reporter=default \
    --reporter=json --outputFile.json="artifacts/test-results/$project.json"
done
node scripts/summarize-tests.mjs artifacts/test-results/*.json || status=1
exit $status
