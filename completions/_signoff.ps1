
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'signoff' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'signoff'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'signoff' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the store on this repository')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Manage your Ed25519 signing key (OpenSSH format)')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Manage the people in the policy')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show, check, change and sign the store''s policy')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask for decisions on a deliverable')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a request')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'Request changes on a request')
            [CompletionResult]::new('decline', 'decline', [CompletionResultType]::ParameterValue, 'Decline a request')
            [CompletionResult]::new('withdraw', 'withdraw', [CompletionResultType]::ParameterValue, 'Withdraw a request: no more decisions are accepted on it')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'Add a comment to a request without deciding')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where deliverables stand')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List requests, newest version of each deliverable')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a request: its files, description, decisions and comments')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show which files changed between two versions of a deliverable')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit log: who did what, when, on which version, with comments')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every record, the policy chain and the history of the store')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Pack the repository''s objects now (git gc)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show every setting signoff reads, its value and where it came from')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Exchange the store branch with a remote')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Report on requests: who decided what and when, and how long it took')
            [CompletionResult]::new('certificate', 'certificate', [CompletionResultType]::ParameterValue, 'A certificate for one request: who decided what, when and how')
            [CompletionResult]::new('remind', 'remind', [CompletionResultType]::ParameterValue, 'Email reviewers of pending requests that are due soon or overdue')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Emails waiting in `.git/signoff/outbox/`')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'The repository''s template overrides (emails, reports, certificates)')
            [CompletionResult]::new('gate', 'gate', [CompletionResultType]::ParameterValue, 'Pass only if approvals cover exactly the content about to ship')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups in the policy')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the page where reviewers decide from an email link')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Print a signed link with which PERSON decides on TARGET in the browser')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions, or write all of them into a folder')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a folder')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;init' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Your person id in the policy (default: git config signoff.person, else the part of user.email before ''@'')')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your name (default: git config user.name)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Your email (default: git config user.email)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--generate-key', '--generate-key', [CompletionResultType]::ParameterName, 'Generate a signing key first if you have none (as ''signoff key generate'')')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask: take the defaults for anything not given')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask: take the defaults for anything not given')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;key' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a new Ed25519 key in your config directory (mode 0600)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the public key line of the key signoff would sign with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys signoff can find, in the order it tries them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Copy an existing Ed25519 key into signoff''s config directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;key;generate' {
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'Comment stored in the key (default: your git user.email)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;key;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;key;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;key;import' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;key;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a new Ed25519 key in your config directory (mode 0600)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the public key line of the key signoff would sign with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys signoff can find, in the order it tries them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Copy an existing Ed25519 key into signoff''s config directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;key;help;generate' {
            break
        }
        'signoff;key;help;show' {
            break
        }
        'signoff;key;help;list' {
            break
        }
        'signoff;key;help;import' {
            break
        }
        'signoff;key;help;help' {
            break
        }
        'signoff;person' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: with their public key, or (a client) without one')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person''s time zone, or when their link access ends')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a person (and their keys) from the policy and every group')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the people in the policy in force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;person;add' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Their email address (for notifications)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Their public key: the line "ssh-ed25519 AAAA…", their .pub file, or - to read it from standard input (repeatable). Without one, they decide only through email links (attested by `signoff serve`); a key can be added later as any policy change')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Their display name')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Also add them to these groups (repeatable)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Their time zone, an IANA name such as Europe/Paris: emails give them deadlines in it (default: UTC)')
            [CompletionResult]::new('--access-until', '--access-until', [CompletionResultType]::ParameterName, 'After this date their email links and inbox stop, with a page that says whom to contact (2026-12-31: the end of that day in their time zone; or an RFC 3339 time)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;person;edit' {
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Their time zone, an IANA name such as Europe/Paris')
            [CompletionResult]::new('--access-until', '--access-until', [CompletionResultType]::ParameterName, 'After this date their email links and inbox stop (2026-12-31: the end of that day in their time zone; or an RFC 3339 time); "never" removes the end')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;person;remove' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;person;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;person;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: with their public key, or (a client) without one')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person''s time zone, or when their link access ends')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a person (and their keys) from the policy and every group')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the people in the policy in force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;person;help;add' {
            break
        }
        'signoff;person;help;edit' {
            break
        }
        'signoff;person;help;remove' {
            break
        }
        'signoff;person;help;list' {
            break
        }
        'signoff;person;help;help' {
            break
        }
        'signoff;policy' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (TOML, or JSON with --json)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the chain of policy versions, or FILE as the next version')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the next policy version, then write it signed by you (an admin)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write FILE as the next policy version, signed by you (an admin)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Show what a proposed policy version changes, then sign it (an admin)')
            [CompletionResult]::new('allowed-signers', 'allowed-signers', [CompletionResultType]::ParameterValue, 'Write an `allowed_signers` file for `ssh-keygen -Y verify`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;policy;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;policy;check' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;policy;edit' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;policy;apply' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;policy;sign' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Sign without asking (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;policy;allowed-signers' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--git', '--git', [CompletionResultType]::ParameterName, 'For git''s gpg.ssh.allowedSignersFile (namespace "git", principals are email addresses): checks the store''s commit signatures')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (TOML, or JSON with --json)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the chain of policy versions, or FILE as the next version')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the next policy version, then write it signed by you (an admin)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write FILE as the next policy version, signed by you (an admin)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Show what a proposed policy version changes, then sign it (an admin)')
            [CompletionResult]::new('allowed-signers', 'allowed-signers', [CompletionResultType]::ParameterValue, 'Write an `allowed_signers` file for `ssh-keygen -Y verify`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;policy;help;show' {
            break
        }
        'signoff;policy;help;check' {
            break
        }
        'signoff;policy;help;edit' {
            break
        }
        'signoff;policy;help;apply' {
            break
        }
        'signoff;policy;help;sign' {
            break
        }
        'signoff;policy;help;allowed-signers' {
            break
        }
        'signoff;policy;help;help' {
            break
        }
        'signoff;request' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A file from outside the repository (repeatable)')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Take PATHS from this commit instead of the working tree')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Bind the request to the diff of BASE..HEAD (a pull request)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Reviewers: person ids, a group name (any one of its members) or GROUP:N (N of its members); repeatable or comma-separated')
            [CompletionResult]::new('--quorum', '--quorum', [CompletionResultType]::ParameterName, 'How many of the named people must approve (default: all; groups carry their own count)')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'When decisions are due: 2026-12-01 (the end of that day in each reviewer''s time zone) or an RFC 3339 time')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'After this date the request expires: decisions are refused and it never counts as approved (2026-12-31 or an RFC 3339 time)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Description for the reviewers')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Description for the reviewers')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'A human title for the reviewers, e.g. "Spring campaign logo": the page, the inbox and the emails show it instead of the deliverable name')
            [CompletionResult]::new('--again', '--again', [CompletionResultType]::ParameterName, 'Ask again about files byte for byte identical to a version already approved, saying why (kept in the request''s message). Without it such a request is refused: approved work never reopens by accident')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--draft', '--draft', [CompletionResultType]::ParameterName, 'Record it as a draft: nobody is asked yet and nothing counts')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;approve' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--on-behalf-of', '--on-behalf-of', [CompletionResultType]::ParameterName, 'Record the decision for another person (e.g. a client who answered by phone)')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'How the other person gave their decision (required with --on-behalf-of)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;changes' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--on-behalf-of', '--on-behalf-of', [CompletionResultType]::ParameterName, 'Record the decision for another person (e.g. a client who answered by phone)')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'How the other person gave their decision (required with --on-behalf-of)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;decline' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Comment to go with the decision')
            [CompletionResult]::new('--on-behalf-of', '--on-behalf-of', [CompletionResultType]::ParameterName, 'Record the decision for another person (e.g. a client who answered by phone)')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'How the other person gave their decision (required with --on-behalf-of)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;withdraw' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Why it is withdrawn')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Why it is withdrawn')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;comment' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The comment')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The comment')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--internal', '--internal', [CompletionResultType]::ParameterName, 'For your side only: never shown on the email-link page and never emailed to people without a key (clients); marked `[internal]` in `log` and `show`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;status' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;list' {
            [CompletionResult]::new('--deliverable', '--deliverable', [CompletionResultType]::ParameterName, 'Only deliverables whose name matches this glob (e.g. "acme/**")')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only requests still waiting for decisions')
            [CompletionResult]::new('--mine', '--mine', [CompletionResultType]::ParameterName, 'Only requests waiting on me')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include superseded versions too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;show' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Which version (default: the newest)')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Write the snapshot''s files into DIR')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;diff' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Show the changes inside text files (unified diff)')
            [CompletionResult]::new('--patch', '--patch', [CompletionResultType]::ParameterName, 'Show the changes inside text files (unified diff)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;log' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after this date or time, or within this long (a duration such as 48h or 2d means that long ago)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;verify' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--since-last', '--since-last', [CompletionResultType]::ParameterName, 'Check only what changed since the last full verify without problems')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;gc' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;config' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;sync' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-push', '--no-push', [CompletionResultType]::ParameterName, 'Only fetch and merge; do not push')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;report' {
            [CompletionResult]::new('--deliverable', '--deliverable', [CompletionResultType]::ParameterName, 'Only deliverables whose name matches this glob (e.g. "acme/**")')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only requests in this state (pending, approved, changes-requested, …)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only requests made on or after this date, or within this long (a duration such as 48h or 2d means that long ago)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only requests made before this date')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (--json is the same as --format json)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'Only the newest version of each deliverable')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;certificate' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Which version of the deliverable (default: the newest)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (--json is the same as --format json)')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Write a stand-alone archive (tar) to FILE instead of printing')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;remind' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Remind about requests due within this long from now (and overdue ones)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Do not remind the same person about the same request more often')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show who would be reminded; send nothing, record nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;outbox' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List messages not yet delivered')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send every waiting message, each exactly once')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Email again everyone a request still waits on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;outbox;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--sent', '--sent', [CompletionResultType]::ParameterName, 'Include messages already sent')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;outbox;flush' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--retry-interrupted', '--retry-interrupted', [CompletionResultType]::ParameterName, 'Also resend interrupted messages whose flush cannot be checked (a claim from an older version, or a system without /proc) once they are 10 minutes old')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;outbox;requeue' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;outbox;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List messages not yet delivered')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send every waiting message, each exactly once')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Email again everyone a request still waits on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;outbox;help;list' {
            break
        }
        'signoff;outbox;help;flush' {
            break
        }
        'signoff;outbox;help;requeue' {
            break
        }
        'signoff;outbox;help;help' {
            break
        }
        'signoff;templates' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check that every override compiles and renders')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;templates;check' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;templates;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check that every override compiles and renders')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;templates;help;check' {
            break
        }
        'signoff;templates;help;help' {
            break
        }
        'signoff;gate' {
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Recompute the content from this commit instead of the working tree')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Recompute a pull request''s diff from BASE..HEAD')
            [CompletionResult]::new('--fetch', '--fetch', [CompletionResultType]::ParameterName, 'Fetch the store branch from REMOTE (with the system git) before each check')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Keep checking while pending, up to DURATION (e.g. 30m, 2h, 1h30m, 90s)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between checks with --wait')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;group' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add people to a group, creating the group if needed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove people from a group, or the whole group when no people are given')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the groups of the policy in force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;group;add' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;group;remove' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;group;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;group;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add people to a group, creating the group if needed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove people from a group, or the whole group when no people are given')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the groups of the policy in force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;group;help;add' {
            break
        }
        'signoff;group;help;remove' {
            break
        }
        'signoff;group;help;list' {
            break
        }
        'signoff;group;help;help' {
            break
        }
        'signoff;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Public base URL of this server (default: git config signoff.serveUrl)')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Keep this git remote in step: fetch before pages, push after decisions (default: git config signoff.serveRemote; none: this repository only)')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A reverse proxy whose X-Forwarded-For names the client: an IP address or a network such as 10.0.0.0/8; repeatable (default: git config signoff.serveTrustedProxy, comma separated)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--print-key', '--print-key', [CompletionResultType]::ParameterName, 'Print the attestation public key (creating the key if needed) and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the attestation key and add it to the policy as an attester')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;serve;init' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Person id for the server in the policy')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;serve;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the attestation key and add it to the policy as an attester')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;serve;help;init' {
            break
        }
        'signoff;serve;help;help' {
            break
        }
        'signoff;link' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'The reviewer the link is for')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When the link stops working (default: git config signoff.linkDays, 30 days)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the server (default: git config signoff.serveUrl)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--inbox', '--inbox', [CompletionResultType]::ParameterName, 'A link to PERSON''s inbox of waiting requests')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'signoff;completions' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write completions for every shell into DIR')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder to write into (also as `signoff man DIR`)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;schemas' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder to write into')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Store branch name (default: git config signoff.ref, else "signoff")')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Signing key: a private key, or a .pub file whose key is in ssh-agent')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never send long output (log, show, report, diff --patch) through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'signoff;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the store on this repository')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Manage your Ed25519 signing key (OpenSSH format)')
            [CompletionResult]::new('person', 'person', [CompletionResultType]::ParameterValue, 'Manage the people in the policy')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show, check, change and sign the store''s policy')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask for decisions on a deliverable')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a request')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'Request changes on a request')
            [CompletionResult]::new('decline', 'decline', [CompletionResultType]::ParameterValue, 'Decline a request')
            [CompletionResult]::new('withdraw', 'withdraw', [CompletionResultType]::ParameterValue, 'Withdraw a request: no more decisions are accepted on it')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'Add a comment to a request without deciding')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where deliverables stand')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List requests, newest version of each deliverable')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a request: its files, description, decisions and comments')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show which files changed between two versions of a deliverable')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit log: who did what, when, on which version, with comments')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every record, the policy chain and the history of the store')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Pack the repository''s objects now (git gc)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show every setting signoff reads, its value and where it came from')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Exchange the store branch with a remote')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Report on requests: who decided what and when, and how long it took')
            [CompletionResult]::new('certificate', 'certificate', [CompletionResultType]::ParameterValue, 'A certificate for one request: who decided what, when and how')
            [CompletionResult]::new('remind', 'remind', [CompletionResultType]::ParameterValue, 'Email reviewers of pending requests that are due soon or overdue')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Emails waiting in `.git/signoff/outbox/`')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'The repository''s template overrides (emails, reports, certificates)')
            [CompletionResult]::new('gate', 'gate', [CompletionResultType]::ParameterValue, 'Pass only if approvals cover exactly the content about to ship')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups in the policy')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the page where reviewers decide from an email link')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Print a signed link with which PERSON decides on TARGET in the browser')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions, or write all of them into a folder')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a folder')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'Write JSON Schemas of the `--json` outputs scripts rely on into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'signoff;help;init' {
            break
        }
        'signoff;help;key' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a new Ed25519 key in your config directory (mode 0600)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the public key line of the key signoff would sign with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys signoff can find, in the order it tries them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Copy an existing Ed25519 key into signoff''s config directory')
            break
        }
        'signoff;help;key;generate' {
            break
        }
        'signoff;help;key;show' {
            break
        }
        'signoff;help;key;list' {
            break
        }
        'signoff;help;key;import' {
            break
        }
        'signoff;help;person' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: with their public key, or (a client) without one')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person''s time zone, or when their link access ends')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a person (and their keys) from the policy and every group')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the people in the policy in force')
            break
        }
        'signoff;help;person;add' {
            break
        }
        'signoff;help;person;edit' {
            break
        }
        'signoff;help;person;remove' {
            break
        }
        'signoff;help;person;list' {
            break
        }
        'signoff;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (TOML, or JSON with --json)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the chain of policy versions, or FILE as the next version')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the next policy version, then write it signed by you (an admin)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write FILE as the next policy version, signed by you (an admin)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Show what a proposed policy version changes, then sign it (an admin)')
            [CompletionResult]::new('allowed-signers', 'allowed-signers', [CompletionResultType]::ParameterValue, 'Write an `allowed_signers` file for `ssh-keygen -Y verify`')
            break
        }
        'signoff;help;policy;show' {
            break
        }
        'signoff;help;policy;check' {
            break
        }
        'signoff;help;policy;edit' {
            break
        }
        'signoff;help;policy;apply' {
            break
        }
        'signoff;help;policy;sign' {
            break
        }
        'signoff;help;policy;allowed-signers' {
            break
        }
        'signoff;help;request' {
            break
        }
        'signoff;help;approve' {
            break
        }
        'signoff;help;changes' {
            break
        }
        'signoff;help;decline' {
            break
        }
        'signoff;help;withdraw' {
            break
        }
        'signoff;help;comment' {
            break
        }
        'signoff;help;status' {
            break
        }
        'signoff;help;list' {
            break
        }
        'signoff;help;show' {
            break
        }
        'signoff;help;diff' {
            break
        }
        'signoff;help;log' {
            break
        }
        'signoff;help;verify' {
            break
        }
        'signoff;help;gc' {
            break
        }
        'signoff;help;config' {
            break
        }
        'signoff;help;sync' {
            break
        }
        'signoff;help;report' {
            break
        }
        'signoff;help;certificate' {
            break
        }
        'signoff;help;remind' {
            break
        }
        'signoff;help;outbox' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List messages not yet delivered')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send every waiting message, each exactly once')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Email again everyone a request still waits on')
            break
        }
        'signoff;help;outbox;list' {
            break
        }
        'signoff;help;outbox;flush' {
            break
        }
        'signoff;help;outbox;requeue' {
            break
        }
        'signoff;help;templates' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check that every override compiles and renders')
            break
        }
        'signoff;help;templates;check' {
            break
        }
        'signoff;help;gate' {
            break
        }
        'signoff;help;group' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add people to a group, creating the group if needed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove people from a group, or the whole group when no people are given')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the groups of the policy in force')
            break
        }
        'signoff;help;group;add' {
            break
        }
        'signoff;help;group;remove' {
            break
        }
        'signoff;help;group;list' {
            break
        }
        'signoff;help;serve' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the attestation key and add it to the policy as an attester')
            break
        }
        'signoff;help;serve;init' {
            break
        }
        'signoff;help;link' {
            break
        }
        'signoff;help;completions' {
            break
        }
        'signoff;help;man' {
            break
        }
        'signoff;help;schemas' {
            break
        }
        'signoff;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
