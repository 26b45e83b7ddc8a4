#!/usr/bin/env bash
# The team deployment of the README, played on one machine in a throwaway
# directory: a bare remote (origin), the admin's clone, the server's clone
# (the only one holding the attestation key) running
# `signoff serve --remote origin`, and a teammate's clone without the key.
# The teammate requests a decision from a client without a key and pushes;
# the server fetches it, mails the client (no SMTP here: the message waits
# in the server's outbox) and the link in that message opens the decision
# page. Nothing outside a temporary folder is touched; it is removed at the
# end unless KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
echo "==> building signoff"
bin=$(cargo build --quiet --manifest-path "$here/Cargo.toml" --bin signoff \
  --message-format=json-render-diagnostics |
  grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "error: cargo built no signoff binary" >&2
  exit 1
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null SIGNOFF_NO_TOFU_WARNING=1
as() { # as PERSON signoff-args...
  local who=$1; shift
  HOME="$work/home-$who" XDG_CONFIG_HOME="$work/home-$who/.config" "$bin" "$@"
}
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
identity() { git config user.name "$1"; git config user.email "$2"; }

say "git init --bare remote.git   # the remote everyone syncs with"
git init -q --bare "$work/remote.git"

say "the admin's clone: signoff init, people, signoff serve init, sync"
mkdir -p "$work/admin" && cd "$work/admin"
git init -q -b main && identity "Alice Admin" alice@agency.example
as alice key generate --comment alice >/dev/null
bob_key=$(as bob key generate --comment bob 2>/dev/null)
as alice init --id alice
as alice person add bob --name "Bob Designer" --email bob@agency.example --key "$bob_key"
as alice person add ana --name "Ana Client" --email ana@client.example   # no key: decides by link
as alice serve init      # the attestation key, listed as attester "portal"
git remote add origin "$work/remote.git"
as alice sync origin

say "the server's clone: clone, the attestation key (0600), settings, serve --remote origin"
git clone -q "$work/remote.git" "$work/server" && cd "$work/server"
identity "signoff serve" approvals@agency.example
as server sync origin
install -m 0600 "$work/admin/.git/signoff/attest_ed25519" .git/signoff/attest_ed25519
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git config signoff.serveUrl "http://127.0.0.1:$port"
git config signoff.portalTitle "Agency Approvals"
# On a real server: git config signoff.smtp smtps://…  (here mail waits in the outbox)
# (the binary itself in the background, so that its pid is the one to stop)
HOME="$work/home-server" XDG_CONFIG_HOME="$work/home-server/.config" \
  "$bin" serve --remote origin --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 50); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.2; done

say "bob's clone: clone, sync, no attestation key; request from ana, then sync"
git clone -q "$work/remote.git" "$work/bob" && cd "$work/bob"
identity "Bob Designer" bob@agency.example
as bob sync origin
test ! -e .git/signoff/attest_ed25519
printf '<svg><circle r="10"/></svg>\n' > logo.svg
as bob request acme/logo logo.svg --to ana -m "First round"
as bob outbox list       # nothing for ana: this clone cannot make her link
as bob sync origin

say "the server mails ana once it has the request"
outbox="$work/server/.git/signoff/outbox"
link=
for _ in $(seq 100); do
  # Unfold quoted-printable soft line breaks, then find ana's decision link.
  link=$(cat "$outbox"/*.eml "$outbox"/sent/*.eml 2>/dev/null |
    sed -e ':a' -e '/=\r\?$/{N;s/=\r\?\n//;ba' -e '}' |
    grep -o "http://127.0.0.1:$port/d/[A-Za-z0-9._-]*" | head -n 1 || true)
  [ -n "$link" ] && break
  sleep 0.2
done
if [ -z "$link" ]; then
  echo "error: the server mailed no link; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
(cd "$work/server" && as server outbox list)
echo "ana's link: ${link%%/d/*}/d/…"

say "curl ana's link   # the decision page, before anyone synced by hand"
page=$(curl -fsS "$link")
grep -q 'name="decision"' <<<"$page"
echo "200, with the decision form"
echo
echo "Done: the team deployment in $work${KEEP:+ (kept)}"
