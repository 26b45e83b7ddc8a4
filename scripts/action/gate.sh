#!/usr/bin/env bash
# The gate step of the GitHub Action (action.yml): runs `signoff gate` and
# writes its outcome to $GITHUB_OUTPUT. Pending (or a --wait that ran out)
# is a warning unless PENDING=fail; any other answer but approved fails.
#
# Inputs (environment): SIGNOFF_BIN, DELIVERABLE, SIGNOFF_TRUST, and
# optionally RANGE, REV, FETCH, WAIT, INTERVAL, PENDING (warn|fail).
# Needs: bash, jq.
set -uo pipefail
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: run this as a GitHub Actions step}"
# A gate that trusts whatever policy the branch holds proves nothing: an
# empty pin (an unset repository variable) must not slip through.
if [ -z "${SIGNOFF_TRUST:-}" ]; then
  echo "::error title=signoff::the trust input is empty: set it to the trust root 'signoff init' printed (e.g. a repository variable SIGNOFF_TRUST)"
  echo "exit-code=2" >> "$GITHUB_OUTPUT"
  exit 2
fi
args=(gate "$DELIVERABLE" --json)
[ -n "${RANGE:-}" ] && args+=(--range "$RANGE")
[ -n "${REV:-}" ] && args+=(--rev "$REV")
[ -n "${FETCH:-}" ] && args+=(--fetch "$FETCH")
[ -n "${WAIT:-}" ] && args+=(--wait "$WAIT" --interval "${INTERVAL:-60s}")
bin="$SIGNOFF_BIN"
[ -x "$bin" ] || bin="${SIGNOFF_BIN}.exe"
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/signoff-gate.$$.json"
"$bin" "${args[@]}" > "$out"
code=$?
field() { jq -r "$1 // empty" "$out" 2>/dev/null; }
{
  echo "exit-code=$code"
  echo "outcome=$(field .outcome)"
  echo "state=$(field .state)"
  echo "summary=$(field .summary | tr '\n' ' ')"
  # Only requirements not yet met: once approved, nobody is missing.
  echo "missing=$(jq -r '[.needs[]? | select(.have < .need) | .waiting_on[]?] | unique | join(",")' "$out" 2>/dev/null)"
  echo "stale-files=$(jq -r '[.content.changes[]?.path] | join(",")' "$out" 2>/dev/null)"
} >> "$GITHUB_OUTPUT"
summary=$(field .summary)
rm -f "$out"
case "$code" in
  0) exit 0 ;;
  10 | 13)
    if [ "${PENDING:-warn}" = "fail" ]; then exit "$code"; fi
    echo "::warning title=signoff::${DELIVERABLE} is waiting for approvals: ${summary}"
    exit 0
    ;;
  *) exit "$code" ;;
esac
