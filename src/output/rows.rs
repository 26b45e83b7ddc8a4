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

use super::{JSON_SCHEMA_VERSION, Output, table_width};
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
                if matches!(self.safe(cell, false), std::borrow::Cow::Owned(_)) {
                    // Each line of a cell escaped on its own, as `cell` does.
                    *cell = self.cell(cell);
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
                .and_then(|c| if height == 1 { Some(c.as_str()) } else { c.split('\n').nth(k) })
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

/// How wide a terminal shows `text`, colour codes not counted (as
/// comfy-table measures a cell).
fn width(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return if text.is_ascii() { text.len() } else { text.width() };
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
