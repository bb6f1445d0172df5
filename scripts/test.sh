#!/usr/bin/env bash
# Runs every test: types, lint, formatting, unit tests, integration tests against the real Janus
# (and databases), and end-to-end tests in Debian's Chromium. Installs what it needs. Run as root.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1
DIEMCAU_TEST_PG=$(bash scripts/ensure-postgres.sh) || exit 1
export DIEMCAU_TEST_PG
mkdir -p artifacts/test-results
echo "› Biên dịch / building"
npm run build --silent || exit 1

status=0
failed_steps=()
step() {
  local name=$1
  echo "› $name"
  shift
  "$@" || {
    status=1
    failed_steps+=("$name")
  }
}
step "types" npm run typecheck --silent
step "lint" npm run lint --silent
step "format" npm run format:check --silent
vitest() {
  local project=$1
  shift
  VITEST_UNHANDLED_OUT="artifacts/test-results/$project.unhandled.json" \
    "$@" npx vitest run --project "$project" --reporter=default \
    --reporter=json --outputFile.json="artifacts/test-results/$project.json" \
    --reporter=./scripts/vitest-unhandled.mjs
}
step "tests: unit" vitest unit
# NOTE: media tests run in a network namespace of their own (loopback + the media veth only), so
# Janus, the bots and Chromium can reach no other address of this machine.
step "tests: integration" vitest integration bash scripts/in-netns.sh
step "tests: e2e" vitest e2e bash scripts/in-netns.sh
# The benchmarks are not tests of numbers, but the quick suite must run, in under 3 minutes, and
# print valid JSON (its report joins the others as artifacts/test-results/bench.json).
step "bench: quick" node scripts/bench-smoke.mjs
# The closing line counts every failure: failed tests, errors outside tests, and a failed step
# (types, lint, format, or a test run that ended badly with no failure recorded), named above it.
node scripts/summarize-tests.mjs "${failed_steps[@]/#/--failed-step=}" artifacts/test-results/*.json || status=1
exit $status
