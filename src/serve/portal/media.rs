//! Media types: what kind of file a name is (text, image, PDF, other)
//! and the image types the page and the logo accept. Names only; no bytes
//! are read here.

pub(super) fn image_mime(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// How a file is shown: `image`, `pdf`, `text` or `other` (download only).
pub(super) fn file_kind(name: &str) -> &'static str {
    if image_mime(name).is_some() {
        return "image";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "pdf",
        "txt" | "md" | "markdown" | "csv" | "json" | "toml" | "yaml" | "yml" | "rst" | "log"
        | "html" | "htm" | "css" | "xml" => "text",
        _ => "other",
    }
}
