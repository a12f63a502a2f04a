//! The one writer of our zip packages (DOCX, OFD): entries in the order given, deflated, every
//! entry stamped with the document's day, so the same document gives the same bytes.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::doc::Date;

/// `entries` (name, bytes) as one zip, each stamped with `day` at midnight (the zip epoch,
/// 1980-01-01, when there is none or it cannot be written).
pub fn package(entries: &[(String, Vec<u8>)], day: Option<Date>) -> Result<Vec<u8>, String> {
    let stamp = day
        .and_then(|d| {
            DateTime::from_date_and_time(u16::try_from(d.year).ok()?, d.month, d.day, 0, 0, 0).ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}
