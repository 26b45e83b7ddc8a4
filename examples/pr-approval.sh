#!/usr/bin/env bash
# A pull request approved end to end, in a throwaway repository.
#
# ana opens a pull request (feature -> main); the policy asks for two of the
# three leads (ana, ben, cho), and ana, the author, cannot approve her own
# change. The request is bound to the diff (per-file SHA-256s), so:
#   - the CI gate passes once ben and cho approve;
#   - a rebase onto a newer main that leaves the diff unchanged still passes;
#   - any change to the diff makes the approvals stale (exit 12) until the
#     request is renewed and approved again.
# The gate runs as CI would: pinned trust root, GitHub Actions annotations and
# a step summary. Nothing outside a temporary folder is touched; it is
# removed at the end unless KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
echo "==> building signoff"
# The binary where cargo says it put it (CARGO_TARGET_DIR, a workspace or
# a build.target-dir setting all move it).
bin=$(cargo build --quiet --manifest-path "$here/Cargo.toml" --bin signoff \
  --message-format=json-render-diagnostics |
  grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "error: cargo built no signoff binary" >&2
  exit 1
fi

work=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null SIGNOFF_NO_TOFU_WARNING=1
as() { # as PERSON signoff-args...
  local who=$1; shift
  HOME="$work/home-$who" XDG_CONFIG_HOME="$work/home-$who/.config" "$bin" "$@"
}
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
# gate EXPECTED-CODE args...: runs the gate and checks its exit code.
gate() {
  local want=$1; shift
  set +e
  as ana gate "$@"
  local got=$?
  set -e
  if [ "$got" != "$want" ]; then
    echo "!! expected exit $want from 'signoff gate $*', got $got" >&2
    exit 1
  fi
  echo "   (exit $got)"
}

mkdir -p "$work/repo" && cd "$work/repo"
git init -q -b main
git config user.name "Ana Lead"
git config user.email ana@example.com
printf 'fn parse() {}\n\nfn render() {}\n' > lib.rs
git add lib.rs && git commit -q -m "initial"

say "signoff init; person add ben cho; group add leads"
as ana key generate --comment ana >/dev/null 2>&1
ben_key=$(as ben key generate --comment ben 2>/dev/null)
cho_key=$(as cho key generate --comment cho 2>/dev/null)
as ana init --id ana >/dev/null
trust=$(as ana policy check --json | sed -n 's/.*"trust_root": "\(.*\)".*/\1/p')
as ana person add ben --email ben@example.com --key "$ben_key"
as ana person add cho --email cho@example.com --key "$cho_key"
as ana group add leads ana ben cho

say "signoff policy apply   # pr/**: 2 of the leads, author excluded"
as ana policy show > "$work/policy.toml"
sed -i '/^\[\[rules\]\]$/,$d' "$work/policy.toml"
cat >> "$work/policy.toml" <<'TOML'
[[rules]]
match = "pr/**"
require = [{ group = "leads", count = 2 }]
author_can_approve = false
on_behalf = "forbidden"
decline = "blocks"

[[rules]]
match = "**"
TOML
as ana policy check "$work/policy.toml"
as ana policy apply "$work/policy.toml"

say "git checkout -b feature; commit; signoff request pr/42 --range main..feature"
git checkout -q -b feature
printf 'fn parse() { todo!() }\n\nfn render() {}\n' > lib.rs
git commit -q -am "parse: start"
git checkout -q main
as ana request pr/42 --range main..feature -m "Start the parser"

export SIGNOFF_TRUST="$trust" GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$work/summary.md"
say "signoff gate pr/42 --range main..feature   # CI, nobody approved yet"
gate 10 pr/42 --range main..feature

say "signoff approve pr/42   # as ben, then cho"
as ben approve pr/42 -m "LGTM"
as cho approve pr/42
gate 0 pr/42 --range main..feature

say "main moves on; git rebase main feature   # same diff, new commits"
printf '# Parser\n' > README.md
git add README.md && git commit -q -m "docs"
git checkout -q feature && git rebase -q main && git checkout -q main
gate 0 pr/42 --range main..feature

say "a new commit changes the diff"
git checkout -q feature
printf 'fn parse() { unimplemented!() }\n\nfn render() {}\n' > lib.rs
git commit -q -am "parse: different"
git checkout -q main
gate 12 pr/42 --range main..feature

say "signoff request pr/42 --range main..feature   # v2; ben and cho approve again"
as ana request pr/42 --range main..feature -m "Round 2"
as ben approve pr/42
gate 10 pr/42 --range main..feature
as cho approve pr/42
gate 0 pr/42 --range main..feature

say "cat \$GITHUB_STEP_SUMMARY   # what the Actions run page shows"
cat "$work/summary.md"

say "signoff verify"
unset GITHUB_ACTIONS
as ana verify
echo
echo "PR walk-through complete."
