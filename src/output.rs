//! All terminal output: stdout is data, stderr is talk.
//!
//! Tables go through comfy-table sized to the terminal (or `COLUMNS`), with
//! widths measured without colour codes (`table`); long listings into a
//! pipe are written row by row, the same bytes (`rows`); JSON output carries a
//! `schema_version` field; colour is decided for stdout and stderr apart:
//! on for a terminal, off with `NO_COLOR` or `TERM=dumb`, forced with
//! `CLICOLOR_FORCE`, and `--color always|never` overrides all of it. A closed
//! pipe on stdout ends the program quietly with success.
//!
//! Text from records is untrusted: everything printed here, on stdout and
//! stderr, passes [`crate::text::terminal`], so control characters, escape
//! sequences and bidirectional overrides show as visible escapes; table
//! cells are kept to one line. Only our own colour codes survive, and only
//! when colour is on. JSON is written as serde escapes it, unchanged.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::error::{CliError, Result};
use crate::text::{self, Mode};

mod rows;
mod table;

/// Marker message for a closed stdout; `main` exits 0 on it.
pub const BROKEN_PIPE: &str = "\u{0}broken pipe";

/// Version of the schema of every `--json` document this build writes, in
/// each document's `schema_version` field (2: the field was `version`,
/// which some documents also use for a deliverable's version).
pub const JSON_SCHEMA_VERSION: u32 = 2;

/// `value` with `schema_version` added (when it is a JSON object).
#[must_use]
pub fn with_schema(mut v: serde_json::Value) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("schema_version".into(), JSON_SCHEMA_VERSION.into());
    }
    v
}

/// What a command prints on stderr when it fails under `--json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorOut {
    pub error: ErrorBody,
}

/// The error itself.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// usage, not-found, refused, integrity, identity or environment (the
    /// exit code follows from it).
    pub kind: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// The process's exit code.
    pub exit_code: u8,
}

/// The JSON Schema of the error object `--json` writes on stderr.
#[must_use]
pub fn error_schema() -> schemars::Schema {
    schemars::schema_for!(ErrorOut)
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The output channel for one command run.
// Four independent switches, each read by name at its use.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    /// Colour on stdout (tables, states).
    pub color: bool,
    /// Colour on stderr (`error:`, `warning:`, `hint:`), decided apart:
    /// `signoff status | less` still gets a coloured error on the terminal.
    pub color_err: bool,
    pub quiet: bool,
}

/// Whether a stream gets colour under `--color auto`: never with `NO_COLOR`
/// set (non-empty) or `TERM=dumb`; always with `CLICOLOR_FORCE` set (not
/// `0`); otherwise when the stream is a terminal.
fn auto_colour(is_terminal: bool) -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") || std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    set("CLICOLOR_FORCE") || is_terminal
}

/// `text` in the ANSI colour `code` when `on`.
fn paint_if(on: bool, text: &str, code: &str) -> String {
    debug_assert!(text::COLOUR_CODES.contains(&code), "colour {code}");
    if on {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

impl Output {
    #[must_use]
    pub fn new(json: bool, choice: ColorChoice, quiet: bool) -> Output {
        let (color, color_err) = match choice {
            ColorChoice::Always => (true, true),
            ColorChoice::Never => (false, false),
            ColorChoice::Auto => (
                auto_colour(std::io::stdout().is_terminal()),
                auto_colour(std::io::stderr().is_terminal()),
            ),
        };
        Output {
            json,
            color,
            color_err,
            quiet,
        }
    }

    /// Writes text to stdout, escaping control and formatting characters
    /// (newlines and tabs stay).
    pub fn print(&self, text: &str) -> Result<()> {
        Self::write_raw(&self.safe(text, true))
    }

    /// Text made safe for the terminal; our colour codes survive when colour is on.
    #[must_use]
    pub fn safe<'a>(&self, text: &'a str, lines: bool) -> std::borrow::Cow<'a, str> {
        text::terminal(
            text,
            Mode {
                lines,
                colour: self.color,
            },
        )
    }

    /// Writes text to stdout as it is: only for text that cannot hold
    /// control characters (serde's JSON).
    fn write_raw(text: &str) -> Result<()> {
        Self::write_with(|out| {
            out.write_all(text.as_bytes())?;
            if text.ends_with('\n') || text.is_empty() {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
    }

    /// Runs `write` on stdout (or the pager's input, once one started),
    /// then flushes it; a closed pipe becomes [`BROKEN_PIPE`].
    fn write_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
        let mut pager = PAGER
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(stdin) = pager.as_mut().and_then(|p| p.stdin.as_mut()) {
            return write(stdin)
                .and_then(|()| stdin.flush())
                .map_err(pipe_error);
        }
        let mut out = std::io::stdout().lock();
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(pipe_error)
    }

    /// Sends what follows through a pager, as git does for long output
    /// (`log`, `show`, `report`, `diff --patch`): `$SIGNOFF_PAGER`, else
    /// git's `core.pager` (`core_pager`), else `$PAGER`, else `less -FRX`;
    /// only when stdout is a terminal, and not with `--no-pager` (`off`).
    /// An empty pager or `cat` means none. `less` gets `LESS=FRX` when the
    /// variable is unset, as git sets it: it quits when the text fits on
    /// one screen and keeps colour.
    pub fn page(&self, core_pager: Option<String>, off: bool) {
        if off || !std::io::stdout().is_terminal() {
            return;
        }
        let set = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let command = set("SIGNOFF_PAGER")
            .or(core_pager.filter(|v| !v.trim().is_empty()))
            .or_else(|| set("PAGER"))
            .or_else(|| on_path("less").then(|| "less -FRX".into()));
        let Some(command) = command.filter(|c| c.trim() != "cat") else {
            return;
        };
        let mut c = std::process::Command::new("sh");
        c.args(["-c", &command]).stdin(std::process::Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            c.env("LESS", "FRX");
        }
        if std::env::var_os("LV").is_none() {
            c.env("LV", "-c");
        }
        if let Ok(child) = c.spawn() {
            *PAGER
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(child);
        }
    }

    /// Writes a JSON document (with `schema_version`) to stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> Result<()> {
        let v = with_schema(serde_json::to_value(value).expect("output types serialise to JSON"));
        let text = serde_json::to_string_pretty(&v).expect("JSON values serialise");
        Self::write_raw(&text)
    }

    /// Writes one JSON document (with `schema_version`) on one line (JSON
    /// Lines), as serde escapes it.
    pub fn json_line<T: Serialize>(&self, value: &T) -> Result<()> {
        let v = with_schema(serde_json::to_value(value).expect("output types serialise to JSON"));
        let text = serde_json::to_string(&v).expect("JSON values serialise");
        Self::write_raw(&text)
    }

    /// Writes one line to stdout: line breaks in it show as `\n`, so record
    /// text can never start a line of its own.
    pub fn line(&self, text: &str) -> Result<()> {
        Self::write_raw(&self.safe(text, false))
    }

    /// A warning on stderr (shown even with `--quiet`).
    pub fn warn(&self, msg: &str) {
        let label = self.paint_err("warning:", "33");
        eprintln!("{label} {}", text::terminal(msg, Mode::LINES));
    }

    /// A note on stderr, hidden by `--quiet`.
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{}", text::terminal(msg, Mode::LINES));
        }
    }

    /// Prints an error with its hints; with `--json`, as one JSON object on
    /// stderr: `{"schema_version", "error": {"kind", "message", "hints",
    /// "exit_code"}}` (stdout stays for the data a command printed).
    pub fn error(&self, e: &CliError) {
        if self.json {
            let v = with_schema(
                serde_json::to_value(ErrorOut {
                    error: ErrorBody {
                        kind: e.kind.name().to_string(),
                        message: e.message.clone(),
                        hints: e.hints.clone(),
                        exit_code: e.code(),
                    },
                })
                .expect("errors serialise to JSON"),
            );
            eprintln!(
                "{}",
                serde_json::to_string(&v).expect("JSON values serialise")
            );
            return;
        }
        eprintln!(
            "{} {}",
            self.paint_err("error:", "31"),
            text::terminal(&e.message, Mode::LINES)
        );
        for h in &e.hints {
            eprintln!(
                "{} {}",
                self.paint_err("hint:", "36"),
                text::terminal(h, Mode::LINES)
            );
        }
    }

    /// Wraps text in an ANSI colour when colour is on. `code` is one of
    /// [`text::COLOUR_CODES`]; any other would be escaped when printed.
    #[must_use]
    pub fn paint(&self, text: &str, code: &str) -> String {
        paint_if(self.color, text, code)
    }

    /// Like [`Output::paint`], for text bound for stderr.
    #[must_use]
    pub fn paint_err(&self, text: &str, code: &str) -> String {
        paint_if(self.color_err, text, code)
    }

    /// Colours a state name.
    #[must_use]
    pub fn state(&self, s: &str) -> String {
        let code = match s {
            "approved" => "32",
            "changes-requested" | "stale" => "33",
            "declined" => "31",
            "pending" => "36",
            _ => "2",
        };
        self.paint(s, code)
    }
}

impl Output {
    /// A progress bar on stderr, drawn only when stderr is a terminal and
    /// `--quiet` is off (hidden bars cost nothing).
    #[must_use]
    ///
    /// # Panics
    /// Never: the bar template is a valid literal.
    pub fn progress(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        if self.quiet || self.json || !std::io::stderr().is_terminal() || len < 2 {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}")
                .expect("the template is valid"),
        );
        bar.set_message(what.to_string());
        bar
    }
}

/// Whether `program` is on `PATH` (the default pager may be missing: then
/// output is not paged rather than lost).
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}

/// The pager output goes through, once [`Output::page`] started one.
static PAGER: std::sync::Mutex<Option<std::process::Child>> = std::sync::Mutex::new(None);

/// Closes the pager's input and waits for the reader to quit it (the
/// prompt comes back only then, as with git).
pub fn finish_pager() {
    let child = PAGER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    if let Some(mut child) = child {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}

fn pipe_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::env(BROKEN_PIPE)
    } else {
        CliError::env(format!("cannot write output: {e}"))
    }
}

/// The words for a notification notice: whether it is a warning, and the
/// line to show (with what to run, which the core does not name).
#[must_use]
pub fn notice(n: &crate::notify::Notice) -> (bool, String) {
    use crate::notify::Notice;
    match n {
        Notice::Queued { count, outbox } => (
            false,
            format!(
                "{count} email(s) wait in the outbox ({outbox}); set git config signoff.smtp and run 'signoff outbox flush'"
            ),
        ),
        Notice::NotSent { count, error } => (
            true,
            format!(
                "could not send {count} email(s) ({error}); they wait in the outbox: run 'signoff outbox flush' later"
            ),
        ),
        Notice::NotQueued {
            request,
            recipients,
            error,
            ..
        } => (
            true,
            format!(
                "the email(s) to {} could not be put in the outbox ({error}); after fixing that, run 'signoff outbox requeue {}'",
                recipients.join(", "),
                &request[..request.len().min(13)]
            ),
        ),
        Notice::Crashed => (
            true,
            "notifying people failed unexpectedly; the write itself is recorded (see 'signoff outbox list')"
                .into(),
        ),
    }
}
