# The shipped allowed_signers (for checking by hand) holds only keys of the
# chain; the checks here never read it.
chain=$(cat signers.all)
n=0
while IFS= read -r line; do
  n=$((n + 1))
  case "
$chain
" in
    *"
$line
"*) ;;
    *) fail "allowed_signers: line $n is not a key of the policy chain" ;;
  esac
done < allowed_signers
[ -r allowed_signers ] || fail "allowed_signers: cannot be read"
if [ -r records/request.toml ]; then
  request=$(cat records/request.toml)
else
  request=
  fail "records/request.toml: cannot be read"
fi
request_id=$(field records/request.toml id 2>/dev/null)
content=$(field records/request.toml content 2>/dev/null)
same() {
  if [ -n "$3" ] && [ "$(field "$1" "$2" 2>/dev/null)" = "$3" ]; then
    pass "$1: $2 is the request's"
  else
    fail "$1: $2 is not the request's (${3:-unknown})"
  fi
}
# file SHA256 PATH: the signed request lists SHA256 and the file hashes to it.
file() {
  case $request in
    *"sha256 = \"$1\""*) pass "$2: SHA-256 listed in the signed request" ;;
    *) fail "$2: SHA-256 $1 is not in the signed request" ;;
  esac
  if [ ! -r "$2" ]; then fail "$2: cannot be read"; return; fi
  h=$(sha256sum < "$2")
  if [ "${h%% *}" = "$1" ]; then
    pass "$2: hashes to the signed SHA-256"
  else
    fail "$2: hashes to ${h%% *}, not the signed $1"
  fi
}
