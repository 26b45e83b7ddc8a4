//! Tables fitted to the terminal (or `COLUMNS`) through comfy-table: short
//! columns keep their width, long ones give way, each row stays one line
//! per entry of its cells; every cell is escaped for the terminal.

use std::io::IsTerminal;

use super::Output;

impl Output {
    /// Renders a table sized to the terminal.
    #[must_use]
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> String {
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING);
        // Fit the terminal (or COLUMNS); into a pipe or file, never wrap.
        let width = table_width();
        if let Some(width) = width {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_width(width);
            // A row is one line: a name or fingerprint too long for its
            // column is cut with "…", never split across lines.
            t.set_truncation_indicator("…");
        }
        let mut head =
            comfy_table::Row::from(header.iter().map(|h| self.paint(&h.to_uppercase(), "1")));
        if width.is_some() {
            head.max_height(1);
        }
        t.set_header(head);
        if width.is_some() {
            // Short columns (a version, a state, a time, a person) keep
            // their width; the long ones (names, summaries) give way.
            let widest = |i: usize| {
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| visible_width(c))
                    .chain([header.get(i).map_or(0, |h| h.chars().count())])
                    .max()
                    .unwrap_or(0)
            };
            for (i, column) in t.column_iter_mut().enumerate() {
                let w = widest(i);
                if w <= SHORT_COLUMN {
                    column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
                } else if i == 0 {
                    // The first column names the row: it gives way last.
                    let keep = u16::try_from(w.min(NAME_COLUMN)).unwrap_or(u16::MAX);
                    column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                        comfy_table::Width::Fixed(keep),
                    ));
                }
            }
        }
        // Every cell is escaped; a line break stays a line inside its cell
        // (comfy-table pads the other columns, so it cannot pose as a row).
        for r in rows {
            // A row is as many lines as its cells list entries (one a
            // line); a line too long for its column is cut, never wrapped.
            let lines = r.iter().map(|c| c.split('\n').count()).max().unwrap_or(1);
            let mut row = comfy_table::Row::from(r.iter().map(|c| self.cell(c)));
            if width.is_some() {
                row.max_height(lines);
            }
            t.add_row(row);
        }
        let mut s = t.trim_fmt();
        s.push('\n');
        s
    }

    /// One table cell: each line of `c` escaped on its own (a cell may list
    /// several entries, one a line), so escapes inside a line stay visible.
    pub(super) fn cell(&self, c: &str) -> String {
        c.split('\n')
            .map(|line| self.safe(line, false))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The width tables are fitted to: `COLUMNS`, else the terminal's; `None`
/// into a pipe or file (never wrap, so each row stays one line for grep and
/// friends). A terminal that reports 0 columns (some CI consoles and serial
/// lines do) has an unknown width, like a pipe.
pub(super) fn table_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| comfy_table::Table::new().width())
                .flatten()
        })
        .filter(|w| *w > 0)
}

/// The widest a table column may be and still never give way to others.
const SHORT_COLUMN: usize = 24;
/// How much of a long first column (the name) a table keeps before others.
const NAME_COLUMN: usize = 24;

/// How many characters of `text` a terminal shows (colour codes are not).
fn visible_width(text: &str) -> usize {
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}
