//! Long listings (`list`, `status` of every deliverable) written as they
//! are laid out: into a pipe or file, a table's columns are measured once
//! and each row is written straight into a buffered stdout, the same bytes
//! [`Output::table`] would make; a JSON array is written one element at a
//! time, the same bytes [`Output::json`] would make, without building the
//! whole document first. On a terminal (or with `COLUMNS`) a table still
//! goes through [`Output::table`], which fits it to the width.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::table::table_width;
use super::{JSON_SCHEMA_VERSION, Output};
use crate::error::Result;

/// Bytes gathered before each write to stdout.
const BUFFER: usize = 64 * 1024;

impl Output {
    /// Prints `rows` under `header` as [`Output::table`] lays them out,
    /// then [`Output::print`] writes them.
    pub fn print_table(&self, header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
        if table_width().is_some() {
            return self.print(&self.table(header, rows));
        }
        let header: Vec<String> = header
            .iter()
            .map(|h| self.paint(&h.to_uppercase(), "1"))
            .collect();
        let mut rows = rows;
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in &mut rows {
            for (i, cell) in row.iter_mut().enumerate() {
                // Printable ASCII is never escaped: no need to look closer.
                let plain = cell.bytes().all(|b| (b' '..=b'~').contains(&b));
                if !plain && matches!(self.safe(cell, false), std::borrow::Cow::Owned(_)) {
                    // Each line of a cell escaped on its own, as `cell` does.
                    *cell = self.cell(cell);
                }
                if cell.contains('\u{1b}') {
                    *cell = close_styles(cell);
                }
                if widths.len() <= i {
                    widths.resize(i + 1, 0);
                }
                let w = cell.split('\n').map(width).max().unwrap_or(0);
                widths[i] = widths[i].max(w);
            }
        }
        Self::write_with(|out| {
            let mut out = std::io::BufWriter::with_capacity(BUFFER, out);
            let mut line = String::new();
            write_row(&mut out, &mut line, &header, &widths)?;
            for row in &rows {
                write_row(&mut out, &mut line, row, &widths)?;
            }
            out.flush()
        })
    }

    /// Writes `{"<key>": [rows...], "schema_version": N}` as
    /// [`Output::json`] writes that document, one row at a time.
    pub fn json_rows<T: Serialize>(
        &self,
        key: &str,
        rows: impl IntoIterator<Item = T>,
    ) -> Result<()> {
        Self::write_with(|out| {
            let mut out = std::io::BufWriter::with_capacity(BUFFER, out);
            let key = serde_json::to_string(key).expect("strings serialise");
            write!(out, "{{\n  {key}: [")?;
            let mut any = false;
            let mut text = Vec::new();
            for row in rows {
                // Through a JSON value, as `json` goes: its objects keep
                // their keys sorted.
                let v = serde_json::to_value(row).expect("output types serialise to JSON");
                text.clear();
                serde_json::to_writer_pretty(&mut text, &v).expect("JSON values serialise");
                out.write_all(if any { b",\n    " } else { b"\n    " })?;
                any = true;
                // A pretty string never holds a raw line break: every one
                // is the layout's, indented one level deeper here.
                for (i, part) in text.split(|b| *b == b'\n').enumerate() {
                    if i > 0 {
                        out.write_all(b"\n    ")?;
                    }
                    out.write_all(part)?;
                }
            }
            if any {
                out.write_all(b"\n  ")?;
            }
            writeln!(out, "],\n  \"schema_version\": {JSON_SCHEMA_VERSION}\n}}")?;
            out.flush()
        })
    }
}

/// One row of a table, as comfy-table lays it out without borders: each
/// cell padded by one space either side and to its column's width, lines
/// of a cell one under another, trailing spaces of each line cut.
fn write_row(
    out: &mut impl Write,
    line: &mut String,
    cells: &[String],
    widths: &[usize],
) -> std::io::Result<()> {
    let height = cells
        .iter()
        .map(|c| c.split('\n').count())
        .max()
        .unwrap_or(1);
    for k in 0..height {
        line.clear();
        for (i, w) in widths.iter().enumerate() {
            let text = cells
                .get(i)
                .and_then(|c| {
                    if height == 1 {
                        Some(c.as_str())
                    } else {
                        c.split('\n').nth(k)
                    }
                })
                .unwrap_or("");
            line.push(' ');
            line.push_str(text);
            let pad = w.saturating_sub(width(text)) + 1;
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.write_all(line.trim_end().as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `cell` with each line's colour closed at its end and taken up again on
/// the next line, as comfy-table fixes a cell's styles.
fn close_styles(cell: &str) -> String {
    const RESET: &str = "\u{1b}[0m";
    let mut open: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for line in cell.split('\n') {
        let mut fixed: String = open.concat();
        fixed.push_str(line);
        let mut rest = line;
        while let Some(at) = rest.find("\u{1b}[") {
            let code = &rest[at..];
            let end = code[2..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(code.len(), |e| e + 3);
            if &code[..end] == RESET {
                open.clear();
            } else {
                open.push(&code[..end]);
            }
            rest = &code[end..];
        }
        if !open.is_empty() {
            fixed.push_str(RESET);
        }
        lines.push(fixed);
    }
    lines.join("\n")
}

/// How wide a terminal shows `text`, colour codes not counted (as
/// comfy-table measures a cell).
fn width(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return if text.is_ascii() {
            text.len()
        } else {
            text.width()
        };
    }
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Output::print_table`] writes into a pipe.
    fn streamed(out: &Output, header: &[&str], rows: &[Vec<String>]) -> String {
        let header: Vec<String> = header
            .iter()
            .map(|h| out.paint(&h.to_uppercase(), "1"))
            .collect();
        let mut rows = rows.to_vec();
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in &mut rows {
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = out.cell(cell);
                if cell.contains('\u{1b}') {
                    *cell = close_styles(cell);
                }
                widths.resize(widths.len().max(i + 1), 0);
                widths[i] = widths[i].max(cell.split('\n').map(width).max().unwrap_or(0));
            }
        }
        let mut bytes = Vec::new();
        let mut line = String::new();
        write_row(&mut bytes, &mut line, &header, &widths).unwrap();
        for row in &rows {
            write_row(&mut bytes, &mut line, row, &widths).unwrap();
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn streamed_table_is_what_comfy_table_lays_out() {
        let cells = [
            "acme/logo",
            "v12",
            "",
            "two\nlines",
            "wide 日本語 ✓",
            "e\u{301}",
            "tab\there",
            "esc \u{1b}[31m red",
            "open \u{1b}[1m\nstill bold\u{1b}[0m after",
            "bidi \u{202e} over",
            "trailing   ",
            "a much longer summary than the rest of the row",
        ];
        for colour in [false, true] {
            let out = Output {
                json: false,
                color: colour,
                color_err: false,
                quiet: false,
            };
            let mut rows = Vec::new();
            for i in 0..cells.len() {
                let mut row: Vec<String> = (0..4)
                    .map(|j| cells[(i + j * 3) % cells.len()].to_string())
                    .collect();
                row[2] = out.state(if i % 2 == 0 { "approved" } else { "pending" });
                rows.push(row);
            }
            let header = ["deliverable", "ver", "state", "summary"];
            let want = out
                .safe(&out.table(&header, rows.clone()), true)
                .into_owned();
            assert_eq!(streamed(&out, &header, &rows), want, "colour {colour}");
        }
    }
}
