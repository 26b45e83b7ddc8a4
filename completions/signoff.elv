
use builtin;
use str;

set edit:completion:arg-completer[signoff] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'signoff'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'signoff'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the store on this repository'
            cand key 'Manage your Ed25519 signing key (OpenSSH format)'
            cand person 'Manage the people in the policy'
            cand policy 'Show, check, change and sign the store''s policy'
            cand request 'Ask for decisions on a deliverable'
            cand approve 'Approve a request'
            cand changes 'Request changes on a request'
            cand decline 'Decline a request'
            cand withdraw 'Withdraw a request: no more decisions are accepted on it'
            cand comment 'Add a comment to a request without deciding'
            cand status 'Show where deliverables stand'
            cand list 'List requests, newest version of each deliverable'
            cand show 'Show a request: its files, description, decisions and comments'
            cand diff 'Show which files changed between two versions of a deliverable'
            cand log 'Show the audit log: who did what, when, on which version, with comments'
            cand verify 'Check every record, the policy chain and the history of the store'
            cand gc 'Pack the repository''s objects now (git gc)'
            cand config 'Show every setting signoff reads, its value and where it came from'
            cand sync 'Exchange the store branch with a remote'
            cand report 'Report on requests: who decided what and when, and how long it took'
            cand certificate 'A certificate for one request: who decided what, when and how'
            cand remind 'Email reviewers of pending requests that are due soon or overdue'
            cand outbox 'Emails waiting in `.git/signoff/outbox/`'
            cand templates 'The repository''s template overrides (emails, reports, certificates)'
            cand gate 'Pass only if approvals cover exactly the content about to ship'
            cand group 'Manage groups in the policy'
            cand serve 'Serve the page where reviewers decide from an email link'
            cand link 'Print a signed link with which PERSON decides on TARGET in the browser'
            cand completions 'Print shell completions, or write all of them into a folder'
            cand man 'Write man pages (one per command) into a folder'
            cand schemas 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;init'= {
            cand --id 'Your person id in the policy (default: git config signoff.person, else the part of user.email before ''@'')'
            cand --name 'Your name (default: git config user.name)'
            cand --email 'Your email (default: git config user.email)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --generate-key 'Generate a signing key first if you have none (as ''signoff key generate'')'
            cand -y 'Do not ask: take the defaults for anything not given'
            cand --yes 'Do not ask: take the defaults for anything not given'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;key'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
            cand generate 'Generate a new Ed25519 key in your config directory (mode 0600)'
            cand show 'Print the public key line of the key signoff would sign with'
            cand list 'List the keys signoff can find, in the order it tries them'
            cand import 'Copy an existing Ed25519 key into signoff''s config directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;key;generate'= {
            cand --comment 'Comment stored in the key (default: your git user.email)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;key;show'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;key;list'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;key;import'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;key;help'= {
            cand generate 'Generate a new Ed25519 key in your config directory (mode 0600)'
            cand show 'Print the public key line of the key signoff would sign with'
            cand list 'List the keys signoff can find, in the order it tries them'
            cand import 'Copy an existing Ed25519 key into signoff''s config directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;key;help;generate'= {
        }
        &'signoff;key;help;show'= {
        }
        &'signoff;key;help;list'= {
        }
        &'signoff;key;help;import'= {
        }
        &'signoff;key;help;help'= {
        }
        &'signoff;person'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a person: with their public key, or (a client) without one'
            cand edit 'Change a person''s time zone, or when their link access ends'
            cand remove 'Remove a person (and their keys) from the policy and every group'
            cand list 'List the people in the policy in force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;person;add'= {
            cand --email 'Their email address (for notifications)'
            cand --key 'Their public key: the line "ssh-ed25519 AAAA…", their .pub file, or - to read it from standard input (repeatable). Without one, they decide only through email links (attested by `signoff serve`); a key can be added later as any policy change'
            cand --name 'Their display name'
            cand --group 'Also add them to these groups (repeatable)'
            cand --tz 'Their time zone, an IANA name such as Europe/Paris: emails give them deadlines in it (default: UTC)'
            cand --access-until 'After this date their email links and inbox stop, with a page that says whom to contact (2026-12-31: the end of that day in their time zone; or an RFC 3339 time)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;person;edit'= {
            cand --tz 'Their time zone, an IANA name such as Europe/Paris'
            cand --access-until 'After this date their email links and inbox stop (2026-12-31: the end of that day in their time zone; or an RFC 3339 time); "never" removes the end'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;person;remove'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;person;list'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;person;help'= {
            cand add 'Add a person: with their public key, or (a client) without one'
            cand edit 'Change a person''s time zone, or when their link access ends'
            cand remove 'Remove a person (and their keys) from the policy and every group'
            cand list 'List the people in the policy in force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;person;help;add'= {
        }
        &'signoff;person;help;edit'= {
        }
        &'signoff;person;help;remove'= {
        }
        &'signoff;person;help;list'= {
        }
        &'signoff;person;help;help'= {
        }
        &'signoff;policy'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Print the policy in force (TOML, or JSON with --json)'
            cand check 'Check the chain of policy versions, or FILE as the next version'
            cand edit 'Edit the next policy version, then write it signed by you (an admin)'
            cand apply 'Write FILE as the next policy version, signed by you (an admin)'
            cand sign 'Show what a proposed policy version changes, then sign it (an admin)'
            cand allowed-signers 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;policy;show'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;policy;check'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;policy;edit'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;policy;apply'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;policy;sign'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --yes 'Sign without asking (for scripts)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;policy;allowed-signers'= {
            cand -o 'Write to FILE instead of stdout'
            cand --output 'Write to FILE instead of stdout'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --git 'For git''s gpg.ssh.allowedSignersFile (namespace "git", principals are email addresses): checks the store''s commit signatures'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;policy;help'= {
            cand show 'Print the policy in force (TOML, or JSON with --json)'
            cand check 'Check the chain of policy versions, or FILE as the next version'
            cand edit 'Edit the next policy version, then write it signed by you (an admin)'
            cand apply 'Write FILE as the next policy version, signed by you (an admin)'
            cand sign 'Show what a proposed policy version changes, then sign it (an admin)'
            cand allowed-signers 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;policy;help;show'= {
        }
        &'signoff;policy;help;check'= {
        }
        &'signoff;policy;help;edit'= {
        }
        &'signoff;policy;help;apply'= {
        }
        &'signoff;policy;help;sign'= {
        }
        &'signoff;policy;help;allowed-signers'= {
        }
        &'signoff;policy;help;help'= {
        }
        &'signoff;request'= {
            cand --file 'A file from outside the repository (repeatable)'
            cand --rev 'Take PATHS from this commit instead of the working tree'
            cand --range 'Bind the request to the diff of BASE..HEAD (a pull request)'
            cand --to 'Reviewers: person ids, a group name (any one of its members) or GROUP:N (N of its members); repeatable or comma-separated'
            cand --quorum 'How many of the named people must approve (default: all; groups carry their own count)'
            cand --due 'When decisions are due: 2026-12-01 (the end of that day in each reviewer''s time zone) or an RFC 3339 time'
            cand --expires 'After this date the request expires: decisions are refused and it never counts as approved (2026-12-31 or an RFC 3339 time)'
            cand -m 'Description for the reviewers'
            cand --message 'Description for the reviewers'
            cand --title 'A human title for the reviewers, e.g. "Spring campaign logo": the page, the inbox and the emails show it instead of the deliverable name'
            cand --again 'Ask again about files byte for byte identical to a version already approved, saying why (kept in the request''s message). Without it such a request is refused: approved work never reopens by accident'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --draft 'Record it as a draft: nobody is asked yet and nothing counts'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;approve'= {
            cand -m 'Comment to go with the decision'
            cand --message 'Comment to go with the decision'
            cand --on-behalf-of 'Record the decision for another person (e.g. a client who answered by phone)'
            cand --evidence 'How the other person gave their decision (required with --on-behalf-of)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;changes'= {
            cand -m 'Comment to go with the decision'
            cand --message 'Comment to go with the decision'
            cand --on-behalf-of 'Record the decision for another person (e.g. a client who answered by phone)'
            cand --evidence 'How the other person gave their decision (required with --on-behalf-of)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;decline'= {
            cand -m 'Comment to go with the decision'
            cand --message 'Comment to go with the decision'
            cand --on-behalf-of 'Record the decision for another person (e.g. a client who answered by phone)'
            cand --evidence 'How the other person gave their decision (required with --on-behalf-of)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;withdraw'= {
            cand -m 'Why it is withdrawn'
            cand --message 'Why it is withdrawn'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;comment'= {
            cand -m 'The comment'
            cand --message 'The comment'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --internal 'For your side only: never shown on the email-link page and never emailed to people without a key (clients); marked `[internal]` in `log` and `show`'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;status'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;list'= {
            cand --deliverable 'Only deliverables whose name matches this glob (e.g. "acme/**")'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --pending 'Only requests still waiting for decisions'
            cand --mine 'Only requests waiting on me'
            cand --all 'Include superseded versions too'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;show'= {
            cand --version 'Which version (default: the newest)'
            cand --extract 'Write the snapshot''s files into DIR'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;diff'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand -p 'Show the changes inside text files (unified diff)'
            cand --patch 'Show the changes inside text files (unified diff)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;log'= {
            cand --since 'Only events at or after this date or time, or within this long (a duration such as 48h or 2d means that long ago)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;verify'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --since-last 'Check only what changed since the last full verify without problems'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;gc'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;config'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;sync'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --no-push 'Only fetch and merge; do not push'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;report'= {
            cand --deliverable 'Only deliverables whose name matches this glob (e.g. "acme/**")'
            cand --state 'Only requests in this state (pending, approved, changes-requested, …)'
            cand --since 'Only requests made on or after this date, or within this long (a duration such as 48h or 2d means that long ago)'
            cand --until 'Only requests made before this date'
            cand --format 'Output format (--json is the same as --format json)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --latest 'Only the newest version of each deliverable'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;certificate'= {
            cand --version 'Which version of the deliverable (default: the newest)'
            cand --format 'Output format (--json is the same as --format json)'
            cand --bundle 'Write a stand-alone archive (tar) to FILE instead of printing'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;remind'= {
            cand --within 'Remind about requests due within this long from now (and overdue ones)'
            cand --interval 'Do not remind the same person about the same request more often'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --dry-run 'Show who would be reminded; send nothing, record nothing'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;outbox'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List messages not yet delivered'
            cand flush 'Send every waiting message, each exactly once'
            cand requeue 'Email again everyone a request still waits on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;outbox;list'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --sent 'Include messages already sent'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;outbox;flush'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --retry-interrupted 'Also resend interrupted messages whose flush cannot be checked (a claim from an older version, or a system without /proc) once they are 10 minutes old'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;outbox;requeue'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;outbox;help'= {
            cand list 'List messages not yet delivered'
            cand flush 'Send every waiting message, each exactly once'
            cand requeue 'Email again everyone a request still waits on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;outbox;help;list'= {
        }
        &'signoff;outbox;help;flush'= {
        }
        &'signoff;outbox;help;requeue'= {
        }
        &'signoff;outbox;help;help'= {
        }
        &'signoff;templates'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand check 'Check that every override compiles and renders'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;templates;check'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;templates;help'= {
            cand check 'Check that every override compiles and renders'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;templates;help;check'= {
        }
        &'signoff;templates;help;help'= {
        }
        &'signoff;gate'= {
            cand --rev 'Recompute the content from this commit instead of the working tree'
            cand --range 'Recompute a pull request''s diff from BASE..HEAD'
            cand --fetch 'Fetch the store branch from REMOTE (with the system git) before each check'
            cand --wait 'Keep checking while pending, up to DURATION (e.g. 30m, 2h, 1h30m, 90s)'
            cand --interval 'Time between checks with --wait'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;group'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add people to a group, creating the group if needed'
            cand remove 'Remove people from a group, or the whole group when no people are given'
            cand list 'List the groups of the policy in force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;group;add'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;group;remove'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;group;list'= {
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;group;help'= {
            cand add 'Add people to a group, creating the group if needed'
            cand remove 'Remove people from a group, or the whole group when no people are given'
            cand list 'List the groups of the policy in force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;group;help;add'= {
        }
        &'signoff;group;help;remove'= {
        }
        &'signoff;group;help;list'= {
        }
        &'signoff;group;help;help'= {
        }
        &'signoff;serve'= {
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand --base-url 'Public base URL of this server (default: git config signoff.serveUrl)'
            cand --remote 'Keep this git remote in step: fetch before pages, push after decisions (default: git config signoff.serveRemote; none: this repository only)'
            cand --trusted-proxy 'A reverse proxy whose X-Forwarded-For names the client: an IP address or a network such as 10.0.0.0/8; repeatable (default: git config signoff.serveTrustedProxy, comma separated)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --print-key 'Print the attestation public key (creating the key if needed) and exit'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create the attestation key and add it to the policy as an attester'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;serve;init'= {
            cand --id 'Person id for the server in the policy'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;serve;help'= {
            cand init 'Create the attestation key and add it to the policy as an attester'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;serve;help;init'= {
        }
        &'signoff;serve;help;help'= {
        }
        &'signoff;link'= {
            cand --for 'The reviewer the link is for'
            cand --expires 'When the link stops working (default: git config signoff.linkDays, 30 days)'
            cand --base-url 'Base URL of the server (default: git config signoff.serveUrl)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --inbox 'A link to PERSON''s inbox of waiting requests'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'signoff;completions'= {
            cand --out 'Write completions for every shell into DIR'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;man'= {
            cand --out 'Folder to write into (also as `signoff man DIR`)'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;schemas'= {
            cand --out 'Folder to write into'
            cand -C 'Run as if started in DIR'
            cand --ref 'Store branch name (default: git config signoff.ref, else "signoff")'
            cand --signing-key 'Signing key: a private key, or a .pub file whose key is in ssh-agent'
            cand --trust 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints'
            cand --color 'When to use colour'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand --no-pager 'Never send long output (log, show, report, diff --patch) through a pager'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'signoff;help'= {
            cand init 'Create the store on this repository'
            cand key 'Manage your Ed25519 signing key (OpenSSH format)'
            cand person 'Manage the people in the policy'
            cand policy 'Show, check, change and sign the store''s policy'
            cand request 'Ask for decisions on a deliverable'
            cand approve 'Approve a request'
            cand changes 'Request changes on a request'
            cand decline 'Decline a request'
            cand withdraw 'Withdraw a request: no more decisions are accepted on it'
            cand comment 'Add a comment to a request without deciding'
            cand status 'Show where deliverables stand'
            cand list 'List requests, newest version of each deliverable'
            cand show 'Show a request: its files, description, decisions and comments'
            cand diff 'Show which files changed between two versions of a deliverable'
            cand log 'Show the audit log: who did what, when, on which version, with comments'
            cand verify 'Check every record, the policy chain and the history of the store'
            cand gc 'Pack the repository''s objects now (git gc)'
            cand config 'Show every setting signoff reads, its value and where it came from'
            cand sync 'Exchange the store branch with a remote'
            cand report 'Report on requests: who decided what and when, and how long it took'
            cand certificate 'A certificate for one request: who decided what, when and how'
            cand remind 'Email reviewers of pending requests that are due soon or overdue'
            cand outbox 'Emails waiting in `.git/signoff/outbox/`'
            cand templates 'The repository''s template overrides (emails, reports, certificates)'
            cand gate 'Pass only if approvals cover exactly the content about to ship'
            cand group 'Manage groups in the policy'
            cand serve 'Serve the page where reviewers decide from an email link'
            cand link 'Print a signed link with which PERSON decides on TARGET in the browser'
            cand completions 'Print shell completions, or write all of them into a folder'
            cand man 'Write man pages (one per command) into a folder'
            cand schemas 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'signoff;help;init'= {
        }
        &'signoff;help;key'= {
            cand generate 'Generate a new Ed25519 key in your config directory (mode 0600)'
            cand show 'Print the public key line of the key signoff would sign with'
            cand list 'List the keys signoff can find, in the order it tries them'
            cand import 'Copy an existing Ed25519 key into signoff''s config directory'
        }
        &'signoff;help;key;generate'= {
        }
        &'signoff;help;key;show'= {
        }
        &'signoff;help;key;list'= {
        }
        &'signoff;help;key;import'= {
        }
        &'signoff;help;person'= {
            cand add 'Add a person: with their public key, or (a client) without one'
            cand edit 'Change a person''s time zone, or when their link access ends'
            cand remove 'Remove a person (and their keys) from the policy and every group'
            cand list 'List the people in the policy in force'
        }
        &'signoff;help;person;add'= {
        }
        &'signoff;help;person;edit'= {
        }
        &'signoff;help;person;remove'= {
        }
        &'signoff;help;person;list'= {
        }
        &'signoff;help;policy'= {
            cand show 'Print the policy in force (TOML, or JSON with --json)'
            cand check 'Check the chain of policy versions, or FILE as the next version'
            cand edit 'Edit the next policy version, then write it signed by you (an admin)'
            cand apply 'Write FILE as the next policy version, signed by you (an admin)'
            cand sign 'Show what a proposed policy version changes, then sign it (an admin)'
            cand allowed-signers 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
        }
        &'signoff;help;policy;show'= {
        }
        &'signoff;help;policy;check'= {
        }
        &'signoff;help;policy;edit'= {
        }
        &'signoff;help;policy;apply'= {
        }
        &'signoff;help;policy;sign'= {
        }
        &'signoff;help;policy;allowed-signers'= {
        }
        &'signoff;help;request'= {
        }
        &'signoff;help;approve'= {
        }
        &'signoff;help;changes'= {
        }
        &'signoff;help;decline'= {
        }
        &'signoff;help;withdraw'= {
        }
        &'signoff;help;comment'= {
        }
        &'signoff;help;status'= {
        }
        &'signoff;help;list'= {
        }
        &'signoff;help;show'= {
        }
        &'signoff;help;diff'= {
        }
        &'signoff;help;log'= {
        }
        &'signoff;help;verify'= {
        }
        &'signoff;help;gc'= {
        }
        &'signoff;help;config'= {
        }
        &'signoff;help;sync'= {
        }
        &'signoff;help;report'= {
        }
        &'signoff;help;certificate'= {
        }
        &'signoff;help;remind'= {
        }
        &'signoff;help;outbox'= {
            cand list 'List messages not yet delivered'
            cand flush 'Send every waiting message, each exactly once'
            cand requeue 'Email again everyone a request still waits on'
        }
        &'signoff;help;outbox;list'= {
        }
        &'signoff;help;outbox;flush'= {
        }
        &'signoff;help;outbox;requeue'= {
        }
        &'signoff;help;templates'= {
            cand check 'Check that every override compiles and renders'
        }
        &'signoff;help;templates;check'= {
        }
        &'signoff;help;gate'= {
        }
        &'signoff;help;group'= {
            cand add 'Add people to a group, creating the group if needed'
            cand remove 'Remove people from a group, or the whole group when no people are given'
            cand list 'List the groups of the policy in force'
        }
        &'signoff;help;group;add'= {
        }
        &'signoff;help;group;remove'= {
        }
        &'signoff;help;group;list'= {
        }
        &'signoff;help;serve'= {
            cand init 'Create the attestation key and add it to the policy as an attester'
        }
        &'signoff;help;serve;init'= {
        }
        &'signoff;help;link'= {
        }
        &'signoff;help;completions'= {
        }
        &'signoff;help;man'= {
        }
        &'signoff;help;schemas'= {
        }
        &'signoff;help;help'= {
        }
    ]
    $completions[$command]
}
