#!/bin/sh
# Checks this certificate bundle with sh, ssh-keygen, sha256sum, cat and
# dirname, and nothing else: the policy chain from the trust root below,
# every signature against keys taken from that chain (never from the
# allowed_signers file shipped beside this script, which is a convenience
# for people checking by hand), each record's key against its signer's keys
# in the policy in force, and every file's SHA-256 computed here against the
# signed request (SHA256SUMS is a convenience, never evidence). It writes the
# keys it derives to signers.* files in this folder. Exit status 0 when
# everything checks, 1 otherwise.
set -u
cd "$(dirname "$0")" || exit 1
ok=0
bad=0
pass() { echo "ok    $1"; ok=$((ok + 1)); }
fail() { echo "FAIL  $1"; bad=$((bad + 1)); }
# value FILE SECTION KEY: the text after `KEY = ` in SECTION ("" before any).
value() {
  s=
  while IFS= read -r line; do
    case $line in "["*) s=$line; continue ;; esac
    if [ "$s" = "$2" ]; then
      case $line in
        "$3 = "*) printf '%s\n' "${line#"$3 = "}"; return 0 ;;
        "\"$3\" = "*) printf '%s\n' "${line#"\"$3\" = "}"; return 0 ;;
      esac
    fi
  done < "$1"
  return 1
}
# field FILE KEY: a top-level string field.
field() {
  v=$(value "$1" "" "$2") || return 1
  v=${v#\"}
  printf '%s\n' "${v%\"}"
}
# items '["a", "b"]': each string of a one-line array, one a line.
items() {
  rest=${1#[}
  rest=${rest%]}
  while [ -n "$rest" ]; do
    rest=${rest#\"}
    printf '%s\n' "${rest%%\"*}"
    rest=${rest#*\"}
    rest=${rest#, }
  done
}
# signers POLICY: an allowed_signers file of the policy's people and keys.
signers() {
  s=
  id=
  while IFS= read -r line; do
    case $line in "["*) s=$line; id=; continue ;; esac
    [ "$s" = "[[people]]" ] || continue
    case $line in
      "id = \""*) id=${line#"id = \""}; id=${id%\"} ;;
      "keys = ["*)
        items "${line#"keys = "}" | while IFS= read -r k; do
          # shellcheck disable=SC2086 # the type and the key, no comment
          [ -n "$k" ] && set -- $k && printf '%s namespaces="signoff" %s %s\n' "$id" "$1" "${2:-}"
        done ;;
    esac
  done < "$1"
}
# version N FILE PREVIOUS SIG...: policy version N is signed by a threshold
# of the admins of the version before it (version 1: of its own, as it is
# pinned by hash), with their keys in that version; it names that version's
# hash. Its people's keys become signers.N, and join signers.all.
version() {
  n=$1 f=$2 prev=$3
  shift 3
  if [ ! -r "$f" ]; then fail "$f: cannot be read"; return; fi
  by=${prev:-$f}
  if [ -n "$prev" ]; then
    h=$(sha256sum < "$prev")
    if [ "$(field "$f" previous)" = "sha256:${h%% *}" ]; then
      pass "$f: follows $prev"
    else
      fail "$f: does not name the hash of $prev"
    fi
  fi
  signers "$by" > "signers.by.$n"
  group=$(value "$by" "[admins]" group)
  group=${group#\"}
  group=${group%\"}
  need=$(value "$by" "[admins]" threshold)
  admins=$(items "$(value "$by" "[groups]" "$group")")
  good=0
  for sf in "$@"; do
    p=${sf##*/}
    p=${p%.sig}
    case "
$admins
" in
      *"
$p
"*) ;;
      *) fail "$sf: $p is not an admin of $by"; continue ;;
    esac
    if ssh-keygen -Y verify -f "signers.by.$n" -I "$p" -n signoff -s "$sf" < "$f" > /dev/null 2>&1; then
      pass "$f: signed by $p"
      good=$((good + 1))
    else
      fail "$f: signature by $p does not verify"
    fi
  done
  if [ "$good" -ge "${need:-1}" ] && [ "$good" -ge 1 ]; then
    pass "$f: signed by $good admin(s), $need needed"
  else
    fail "$f: signed by $good admin(s), ${need:-?} needed"
  fi
  signers "$f" > "signers.$n"
  cat "signers.$n" >> signers.all
}
# record FILE SIGNER POLICY: FILE is signed by SIGNER, with a key SIGNER
# holds in policy version POLICY (all: any version in effect), and the
# record's `key` is that key's fingerprint.
record() {
  f=$1 who=$2 keys=signers.$3
  if [ ! -r "$f" ] || [ ! -r "$f.sig" ] || [ ! -r "$keys" ]; then
    fail "$f: cannot be read"
    return
  fi
  key=$(field "$f" key)
  found=
  while IFS= read -r line; do
    case $line in
      "$who namespaces=\"signoff\" "*)
        fp=$(printf '%s\n' "${line#"$who namespaces=\"signoff\" "}" | ssh-keygen -l -f - 2>/dev/null)
        fp=${fp#* }
        [ "${fp%% *}" = "$key" ] && [ -n "$key" ] && found=1 ;;
    esac
  done < "$keys"
  if [ -n "$found" ]; then
    pass "$f: key $key is $who's in the policy"
  else
    fail "$f: key ${key:-(none)} is not $who's in the policy"
  fi
  if ssh-keygen -Y verify -f "$keys" -I "$who" -n signoff -s "$f.sig" < "$f" > /dev/null 2>&1; then
    pass "$f: signature by $who"
  else
    fail "$f: signature by $who does not verify"
  fi
}
: > signers.all
