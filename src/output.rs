//! All terminal output: stdout is data, stderr is talk.
//!
//! Tables go through comfy-table sized to the terminal (or `COLUMNS`); JSON
//! output carries a `version` field; colour is off when stderr/stdout is not a
//! terminal or `NO_COLOR` is set, unless `--color always`. A closed pipe on
//! stdout ends the program quietly with success.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::error::{CliError, Result};

/// Marker message for a closed stdout; `main` exits 0 on it.
pub const BROKEN_PIPE: &str = "\u{0}broken pipe";

/// Version of every `--json` document this build writes.
pub const JSON_VERSION: u32 = 1;

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The output channel for one command run.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub color: bool,
    pub quiet: bool,
}

impl Output {
    #[must_use]
    pub fn new(json: bool, choice: ColorChoice, quiet: bool) -> Output {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Output { json, color, quiet }
    }

    /// Writes text to stdout.
    pub fn print(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        let r = out.write_all(text.as_bytes()).and_then(|()| {
            if text.ends_with('\n') || text.is_empty() {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        });
        r.and_then(|()| out.flush()).map_err(pipe_error)
    }

    /// Writes a JSON document (with `version`) to stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> Result<()> {
        let mut v = serde_json::to_value(value).expect("output types serialise to JSON");
        if let serde_json::Value::Object(map) = &mut v {
            map.insert("version".into(), JSON_VERSION.into());
        }
        let text = serde_json::to_string_pretty(&v).expect("JSON values serialise");
        self.print(&text)
    }

    /// A warning on stderr (shown even with `--quiet`).
    pub fn warn(&self, msg: &str) {
        let label = self.paint("warning:", "33");
        eprintln!("{label} {msg}");
    }

    /// A note on stderr, hidden by `--quiet`.
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// Prints an error with its hints.
    pub fn error(&self, e: &CliError) {
        eprintln!("{} {}", self.paint("error:", "31"), e.message);
        for h in &e.hints {
            eprintln!("{} {h}", self.paint("hint:", "36"));
        }
    }

    /// Wraps text in an ANSI colour when colour is on.
    #[must_use]
    pub fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
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

    /// Renders a table sized to the terminal.
    #[must_use]
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> String {
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING);
        // Fit the terminal (or COLUMNS); into a pipe or file, never wrap, so
        // each row stays one line for grep and friends.
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .or_else(|| comfy_table::Table::new().width());
        if let Some(width) = width {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_width(width);
        }
        t.set_header(header.iter().map(|h| self.paint(&h.to_uppercase(), "1")));
        for r in rows {
            t.add_row(r);
        }
        let mut s = t.trim_fmt();
        s.push('\n');
        s
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

fn pipe_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::env(BROKEN_PIPE)
    } else {
        CliError::env(format!("cannot write output: {e}"))
    }
}
