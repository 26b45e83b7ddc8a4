#!/usr/bin/env bash
# A complete approval round in a throwaway repository, on embedded defaults.
#
# Builds signoff, then plays three people (alice the requester, bob and cat
# the reviewers), each with their own throwaway HOME and freshly generated
# key: init -> request -> changes requested -> v2 -> two approvals -> status,
# log, verify, and a check of every signature with stock ssh-keygen.
# Nothing outside a temporary folder is touched; it is removed at the end
# unless KEEP=1.
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

mkdir -p "$work/repo" && cd "$work/repo"
git init -q -b main
git config user.name "Alice Agency"
git config user.email alice@agency.example

say "signoff key generate   # alice, bob and cat each make a key"
as alice key generate --comment alice >/dev/null
bob_key=$(as bob key generate --comment bob 2>/dev/null)
cat_key=$(as cat key generate --comment cat 2>/dev/null)

say "signoff init"
as alice init --id alice
trust=$(git show signoff:policy/000001.toml | sha256sum | cut -d' ' -f1)

say "signoff person add bob / cat"
as alice person add bob --name "Bob Client" --email bob@client.example --key "$bob_key"
as alice person add cat --name "Cat Client" --email cat@client.example --key "$cat_key"

mkdir -p design
printf '<svg><circle r="10"/></svg>\n' > design/logo.svg
printf '# Brief\nA round logo.\n' > design/brief.md
say 'signoff request acme/logo design --to bob,cat -m "First round"'
as alice request acme/logo design --to bob,cat -m "First round"

say 'signoff changes acme/logo -m "Make it bigger"   # as bob'
as bob changes acme/logo -m "Make it bigger"

printf '<svg><circle r="20"/></svg>\n' > design/logo.svg
say 'signoff request acme/logo design --to bob,cat -m "Bigger, as asked"'
as alice request acme/logo design --to bob,cat -m "Bigger, as asked"

say "signoff approve acme/logo   # as bob, then cat"
as bob approve acme/logo -m "Much better"
as cat approve acme/logo

say "signoff status"
as alice status
say "signoff diff acme/logo v1 v2"
as alice diff acme/logo v1 v2
say "signoff log"
as alice log
say "signoff outbox list   # no SMTP configured: the emails wait in .git/signoff/outbox"
as alice outbox list
say "signoff verify --trust sha256:…"
as alice verify --trust "sha256:$trust"

say "ssh-keygen -Y verify, for every record (stock OpenSSH, no signoff involved)"
as alice policy allowed-signers -o "$work/allowed_signers"
n=0
while read -r path; do
  git show "signoff:$path" > "$work/record"
  git show "signoff:$path.sig" > "$work/record.sig"
  signer=$(sed -n 's/^by = "\(.*\)"$/\1/p' "$work/record")
  ssh-keygen -q -Y verify -f "$work/allowed_signers" -I "$signer" -n signoff \
    -s "$work/record.sig" < "$work/record" >/dev/null
  n=$((n + 1))
done < <(git ls-tree -r --name-only signoff deliverables | grep -E '(request|/decisions/[^/]+|/comments/[^/]+)\.toml$')
echo "ssh-keygen verified $n records"
echo
echo "Done: a complete approval round in $work/repo${KEEP:+ (kept)}"
