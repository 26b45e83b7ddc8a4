# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_signoff_global_optspecs
    string join \n C= ref= signing-key= trust= json color= q/quiet no-pager h/help V/version
end

function __fish_signoff_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_signoff_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_signoff_using_subcommand
    set -l cmd (__fish_signoff_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c signoff -n "__fish_signoff_needs_command" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_needs_command" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_needs_command" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_needs_command" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_needs_command" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_needs_command" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_needs_command" -s V -l version -d 'Print version'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "init" -d 'Create the store on this repository'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "key" -d 'Manage your Ed25519 signing key (OpenSSH format)'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "person" -d 'Manage the people in the policy'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "policy" -d 'Show, check, change and sign the store\'s policy'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "request" -d 'Ask for decisions on a deliverable'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "approve" -d 'Approve a request'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "changes" -d 'Request changes on a request'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "decline" -d 'Decline a request'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "withdraw" -d 'Withdraw a request: no more decisions are accepted on it'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "comment" -d 'Add a comment to a request without deciding'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "status" -d 'Show where deliverables stand'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "list" -d 'List requests, newest version of each deliverable'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "show" -d 'Show a request: its files, description, decisions and comments'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "diff" -d 'Show which files changed between two versions of a deliverable'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "log" -d 'Show the audit log: who did what, when, on which version, with comments'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "verify" -d 'Check every record, the policy chain and the history of the store'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "gc" -d 'Pack the repository\'s objects now (git gc)'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "config" -d 'Show every setting signoff reads, its value and where it came from'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "sync" -d 'Exchange the store branch with a remote'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "report" -d 'Report on requests: who decided what and when, and how long it took'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "certificate" -d 'A certificate for one request: who decided what, when and how'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "remind" -d 'Email reviewers of pending requests that are due soon or overdue'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "outbox" -d 'Emails waiting in `.git/signoff/outbox/`'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "templates" -d 'The repository\'s template overrides (emails, reports, certificates)'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "gate" -d 'Pass only if approvals cover exactly the content about to ship'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "group" -d 'Manage groups in the policy'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "serve" -d 'Serve the page where reviewers decide from an email link'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "link" -d 'Print a signed link with which PERSON decides on TARGET in the browser'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "completions" -d 'Print shell completions, or write all of them into a folder'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "man" -d 'Write man pages (one per command) into a folder'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "schemas" -d 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder'
complete -c signoff -n "__fish_signoff_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand init" -l id -d 'Your person id in the policy (default: git config signoff.person, else the part of user.email before \'@\')' -r
complete -c signoff -n "__fish_signoff_using_subcommand init" -l name -d 'Your name (default: git config user.name)' -r
complete -c signoff -n "__fish_signoff_using_subcommand init" -l email -d 'Your email (default: git config user.email)' -r
complete -c signoff -n "__fish_signoff_using_subcommand init" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand init" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand init" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand init" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand init" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand init" -l generate-key -d 'Generate a signing key first if you have none (as \'signoff key generate\')'
complete -c signoff -n "__fish_signoff_using_subcommand init" -s y -l yes -d 'Do not ask: take the defaults for anything not given'
complete -c signoff -n "__fish_signoff_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand init" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand init" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -f -a "generate" -d 'Generate a new Ed25519 key in your config directory (mode 0600)'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -f -a "show" -d 'Print the public key line of the key signoff would sign with'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -f -a "list" -d 'List the keys signoff can find, in the order it tries them'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -f -a "import" -d 'Copy an existing Ed25519 key into signoff\'s config directory'
complete -c signoff -n "__fish_signoff_using_subcommand key; and not __fish_seen_subcommand_from generate show list import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l comment -d 'Comment stored in the key (default: your git user.email)' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate a new Ed25519 key in your config directory (mode 0600)'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the public key line of the key signoff would sign with'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the keys signoff can find, in the order it tries them'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "import" -d 'Copy an existing Ed25519 key into signoff\'s config directory'
complete -c signoff -n "__fish_signoff_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -f -a "add" -d 'Add a person: with their public key, or (a client) without one'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -f -a "edit" -d 'Change a person\'s time zone, or when their link access ends'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -f -a "remove" -d 'Remove a person (and their keys) from the policy and every group'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -f -a "list" -d 'List the people in the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand person; and not __fish_seen_subcommand_from add edit remove list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l email -d 'Their email address (for notifications)' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l key -d 'Their public key: the line "ssh-ed25519 AAAA…", their .pub file, or - to read it from standard input (repeatable). Without one, they decide only through email links (attested by `signoff serve`); a key can be added later as any policy change' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l name -d 'Their display name' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l group -d 'Also add them to these groups (repeatable)' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l tz -d 'Their time zone, an IANA name such as Europe/Paris: emails give them deadlines in it (default: UTC)' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l access-until -d 'After this date their email links and inbox stop, with a page that says whom to contact (2026-12-31: the end of that day in their time zone; or an RFC 3339 time)' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l tz -d 'Their time zone, an IANA name such as Europe/Paris' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l access-until -d 'After this date their email links and inbox stop (2026-12-31: the end of that day in their time zone; or an RFC 3339 time); "never" removes the end' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a person: with their public key, or (a client) without one'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a person\'s time zone, or when their link access ends'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a person (and their keys) from the policy and every group'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the people in the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand person; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "show" -d 'Print the policy in force (TOML, or JSON with --json)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "check" -d 'Check the chain of policy versions, or FILE as the next version'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "edit" -d 'Edit the next policy version, then write it signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "apply" -d 'Write FILE as the next policy version, signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "sign" -d 'Show what a proposed policy version changes, then sign it (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "allowed-signers" -d 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and not __fish_seen_subcommand_from show check edit apply sign allowed-signers help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l yes -d 'Sign without asking (for scripts)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l git -d 'For git\'s gpg.ssh.allowedSignersFile (namespace "git", principals are email addresses): checks the store\'s commit signatures'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from allowed-signers" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the policy in force (TOML, or JSON with --json)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the chain of policy versions, or FILE as the next version'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit the next policy version, then write it signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Write FILE as the next policy version, signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "sign" -d 'Show what a proposed policy version changes, then sign it (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "allowed-signers" -d 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
complete -c signoff -n "__fish_signoff_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand request" -l file -d 'A file from outside the repository (repeatable)' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand request" -l rev -d 'Take PATHS from this commit instead of the working tree' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l range -d 'Bind the request to the diff of BASE..HEAD (a pull request)' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l to -d 'Reviewers: person ids, a group name (any one of its members) or GROUP:N (N of its members); repeatable or comma-separated' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l quorum -d 'How many of the named people must approve (default: all; groups carry their own count)' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l due -d 'When decisions are due: 2026-12-01 (the end of that day in each reviewer\'s time zone) or an RFC 3339 time' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l expires -d 'After this date the request expires: decisions are refused and it never counts as approved (2026-12-31 or an RFC 3339 time)' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -s m -l message -d 'Description for the reviewers' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l title -d 'A human title for the reviewers, e.g. "Spring campaign logo": the page, the inbox and the emails show it instead of the deliverable name' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l again -d 'Ask again about files byte for byte identical to a version already approved, saying why (kept in the request\'s message). Without it such a request is refused: approved work never reopens by accident' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand request" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand request" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand request" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand request" -l draft -d 'Record it as a draft: nobody is asked yet and nothing counts'
complete -c signoff -n "__fish_signoff_using_subcommand request" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand request" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand request" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand approve" -s m -l message -d 'Comment to go with the decision' -r
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l on-behalf-of -d 'Record the decision for another person (e.g. a client who answered by phone)' -r
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l evidence -d 'How the other person gave their decision (required with --on-behalf-of)' -r
complete -c signoff -n "__fish_signoff_using_subcommand approve" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand approve" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand approve" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand approve" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand changes" -s m -l message -d 'Comment to go with the decision' -r
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l on-behalf-of -d 'Record the decision for another person (e.g. a client who answered by phone)' -r
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l evidence -d 'How the other person gave their decision (required with --on-behalf-of)' -r
complete -c signoff -n "__fish_signoff_using_subcommand changes" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand changes" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand changes" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand changes" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand decline" -s m -l message -d 'Comment to go with the decision' -r
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l on-behalf-of -d 'Record the decision for another person (e.g. a client who answered by phone)' -r
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l evidence -d 'How the other person gave their decision (required with --on-behalf-of)' -r
complete -c signoff -n "__fish_signoff_using_subcommand decline" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand decline" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand decline" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand decline" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -s m -l message -d 'Why it is withdrawn' -r
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand withdraw" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand comment" -s m -l message -d 'The comment' -r
complete -c signoff -n "__fish_signoff_using_subcommand comment" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l internal -d 'For your side only: never shown on the email-link page and never emailed to people without a key (clients); marked `[internal]` in `log` and `show`'
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand comment" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand comment" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand comment" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand status" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand status" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand status" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand status" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand status" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand status" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand status" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand list" -l deliverable -d 'Only deliverables whose name matches this glob (e.g. "acme/**")' -r
complete -c signoff -n "__fish_signoff_using_subcommand list" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand list" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand list" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand list" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand list" -l pending -d 'Only requests still waiting for decisions'
complete -c signoff -n "__fish_signoff_using_subcommand list" -l mine -d 'Only requests waiting on me'
complete -c signoff -n "__fish_signoff_using_subcommand list" -l all -d 'Include superseded versions too'
complete -c signoff -n "__fish_signoff_using_subcommand list" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand list" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand list" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand list" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand show" -l version -d 'Which version (default: the newest)' -r
complete -c signoff -n "__fish_signoff_using_subcommand show" -l extract -d 'Write the snapshot\'s files into DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand show" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand show" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand show" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand show" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand show" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand show" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand show" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand diff" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand diff" -s p -l patch -d 'Show the changes inside text files (unified diff)'
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand diff" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand diff" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand log" -l since -d 'Only events at or after this date or time, or within this long (a duration such as 48h or 2d means that long ago)' -r
complete -c signoff -n "__fish_signoff_using_subcommand log" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand log" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand log" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand log" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand log" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand log" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand log" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand log" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand verify" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l since-last -d 'Check only what changed since the last full verify without problems'
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand verify" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand verify" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand gc" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand gc" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand gc" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand config" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand config" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand config" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand config" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand config" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand config" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand config" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand config" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand sync" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l no-push -d 'Only fetch and merge; do not push'
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand sync" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand sync" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand report" -l deliverable -d 'Only deliverables whose name matches this glob (e.g. "acme/**")' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l state -d 'Only requests in this state (pending, approved, changes-requested, …)' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l since -d 'Only requests made on or after this date, or within this long (a duration such as 48h or 2d means that long ago)' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l until -d 'Only requests made before this date' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "table\t''
md\t''
html\t''
json\t''
csv\t''"
complete -c signoff -n "__fish_signoff_using_subcommand report" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand report" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand report" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand report" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand report" -l latest -d 'Only the newest version of each deliverable'
complete -c signoff -n "__fish_signoff_using_subcommand report" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand report" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand report" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l version -d 'Which version of the deliverable (default: the newest)' -r
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l format -d 'Output format (--json is the same as --format json)' -r -f -a "html\t''
md\t''
json\t''"
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l bundle -d 'Write a stand-alone archive (tar) to FILE instead of printing' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand certificate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l within -d 'Remind about requests due within this long from now (and overdue ones)' -r
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l interval -d 'Do not remind the same person about the same request more often' -r
complete -c signoff -n "__fish_signoff_using_subcommand remind" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l dry-run -d 'Show who would be reminded; send nothing, record nothing'
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand remind" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand remind" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand remind" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -f -a "list" -d 'List messages not yet delivered'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -f -a "flush" -d 'Send every waiting message, each exactly once'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -f -a "requeue" -d 'Email again everyone a request still waits on'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and not __fish_seen_subcommand_from list flush requeue help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l sent -d 'Include messages already sent'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l retry-interrupted -d 'Also resend interrupted messages whose flush cannot be checked (a claim from an older version, or a system without /proc) once they are 10 minutes old'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from flush" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from requeue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "list" -d 'List messages not yet delivered'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "flush" -d 'Send every waiting message, each exactly once'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "requeue" -d 'Email again everyone a request still waits on'
complete -c signoff -n "__fish_signoff_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Check that every override compiles and renders'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check that every override compiles and renders'
complete -c signoff -n "__fish_signoff_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l rev -d 'Recompute the content from this commit instead of the working tree' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l range -d 'Recompute a pull request\'s diff from BASE..HEAD' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l fetch -d 'Fetch the store branch from REMOTE (with the system git) before each check' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l wait -d 'Keep checking while pending, up to DURATION (e.g. 30m, 2h, 1h30m, 90s)' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l interval -d 'Time between checks with --wait' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand gate" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand gate" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand gate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -f -a "add" -d 'Add people to a group, creating the group if needed'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -f -a "remove" -d 'Remove people from a group, or the whole group when no people are given'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -f -a "list" -d 'List the groups of the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand group; and not __fish_seen_subcommand_from add remove list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add people to a group, creating the group if needed'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove people from a group, or the whole group when no people are given'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the groups of the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l base-url -d 'Public base URL of this server (default: git config signoff.serveUrl)' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l remote -d 'Keep this git remote in step: fetch before pages, push after decisions (default: git config signoff.serveRemote; none: this repository only)' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l trusted-proxy -d 'A reverse proxy whose X-Forwarded-For names the client: an IP address or a network such as 10.0.0.0/8; repeatable (default: git config signoff.serveTrustedProxy, comma separated)' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l print-key -d 'Print the attestation public key (creating the key if needed) and exit'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Create the attestation key and add it to the policy as an attester'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l id -d 'Person id for the server in the policy' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create the attestation key and add it to the policy as an attester'
complete -c signoff -n "__fish_signoff_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand link" -l for -d 'The reviewer the link is for' -r
complete -c signoff -n "__fish_signoff_using_subcommand link" -l expires -d 'When the link stops working (default: git config signoff.linkDays, 30 days)' -r
complete -c signoff -n "__fish_signoff_using_subcommand link" -l base-url -d 'Base URL of the server (default: git config signoff.serveUrl)' -r
complete -c signoff -n "__fish_signoff_using_subcommand link" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand link" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand link" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand link" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand link" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand link" -l inbox -d 'A link to PERSON\'s inbox of waiting requests'
complete -c signoff -n "__fish_signoff_using_subcommand link" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand link" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand link" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l out -d 'Write completions for every shell into DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand completions" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand completions" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand completions" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand completions" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand man" -l out -d 'Folder to write into (also as `signoff man DIR`)' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand man" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand man" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand man" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand man" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand man" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand man" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand man" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l out -d 'Folder to write into' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -s C -d 'Run as if started in DIR' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l ref -d 'Store branch name (default: git config signoff.ref, else "signoff")' -r
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l signing-key -d 'Signing key: a private key, or a .pub file whose key is in ssh-agent' -r -F
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l trust -d 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints' -r
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l json -d 'Print machine-readable JSON on stdout'
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -s q -l quiet -d 'Print less on stderr'
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -l no-pager -d 'Never send long output (log, show, report, diff --patch) through a pager'
complete -c signoff -n "__fish_signoff_using_subcommand schemas" -s h -l help -d 'Print help'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "init" -d 'Create the store on this repository'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "key" -d 'Manage your Ed25519 signing key (OpenSSH format)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "person" -d 'Manage the people in the policy'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "policy" -d 'Show, check, change and sign the store\'s policy'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "request" -d 'Ask for decisions on a deliverable'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "approve" -d 'Approve a request'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "changes" -d 'Request changes on a request'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "decline" -d 'Decline a request'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "withdraw" -d 'Withdraw a request: no more decisions are accepted on it'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "comment" -d 'Add a comment to a request without deciding'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "status" -d 'Show where deliverables stand'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "list" -d 'List requests, newest version of each deliverable'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "show" -d 'Show a request: its files, description, decisions and comments'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "diff" -d 'Show which files changed between two versions of a deliverable'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "log" -d 'Show the audit log: who did what, when, on which version, with comments'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "verify" -d 'Check every record, the policy chain and the history of the store'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "gc" -d 'Pack the repository\'s objects now (git gc)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "config" -d 'Show every setting signoff reads, its value and where it came from'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "sync" -d 'Exchange the store branch with a remote'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "report" -d 'Report on requests: who decided what and when, and how long it took'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "certificate" -d 'A certificate for one request: who decided what, when and how'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "remind" -d 'Email reviewers of pending requests that are due soon or overdue'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "outbox" -d 'Emails waiting in `.git/signoff/outbox/`'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "templates" -d 'The repository\'s template overrides (emails, reports, certificates)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "gate" -d 'Pass only if approvals cover exactly the content about to ship'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "group" -d 'Manage groups in the policy'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "serve" -d 'Serve the page where reviewers decide from an email link'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "link" -d 'Print a signed link with which PERSON decides on TARGET in the browser'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "completions" -d 'Print shell completions, or write all of them into a folder'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "man" -d 'Write man pages (one per command) into a folder'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "schemas" -d 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder'
complete -c signoff -n "__fish_signoff_using_subcommand help; and not __fish_seen_subcommand_from init key person policy request approve changes decline withdraw comment status list show diff log verify gc config sync report certificate remind outbox templates gate group serve link completions man schemas help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "generate" -d 'Generate a new Ed25519 key in your config directory (mode 0600)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "show" -d 'Print the public key line of the key signoff would sign with'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "list" -d 'List the keys signoff can find, in the order it tries them'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "import" -d 'Copy an existing Ed25519 key into signoff\'s config directory'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from person" -f -a "add" -d 'Add a person: with their public key, or (a client) without one'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from person" -f -a "edit" -d 'Change a person\'s time zone, or when their link access ends'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from person" -f -a "remove" -d 'Remove a person (and their keys) from the policy and every group'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from person" -f -a "list" -d 'List the people in the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the policy in force (TOML, or JSON with --json)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Check the chain of policy versions, or FILE as the next version'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "edit" -d 'Edit the next policy version, then write it signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "apply" -d 'Write FILE as the next policy version, signed by you (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "sign" -d 'Show what a proposed policy version changes, then sign it (an admin)'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "allowed-signers" -d 'Write an `allowed_signers` file for `ssh-keygen -Y verify`'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "list" -d 'List messages not yet delivered'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "flush" -d 'Send every waiting message, each exactly once'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "requeue" -d 'Email again everyone a request still waits on'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "check" -d 'Check that every override compiles and renders'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add" -d 'Add people to a group, creating the group if needed'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "remove" -d 'Remove people from a group, or the whole group when no people are given'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'List the groups of the policy in force'
complete -c signoff -n "__fish_signoff_using_subcommand help; and __fish_seen_subcommand_from serve" -f -a "init" -d 'Create the attestation key and add it to the policy as an attester'
