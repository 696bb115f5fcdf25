//! Writing outputs so that nothing is ever lost: each file is written to a temporary
//! file in the output folder and renamed into place, so a failed or killed build never
//! leaves a truncated EPUB or PDF, and a previous good output survives until the new one
//! is complete.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    remove_stale_parts(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{PART_PREFIX}{}-", std::process::id()))
        .suffix(PART_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // tempfile creates 0600 files; an output is an ordinary document others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary files are named `.pamphleteer-PID-RANDOM.part`.
const PART_PREFIX: &str = ".pamphleteer-";
const PART_SUFFIX: &str = ".part";

/// Removes temporary files a killed build left in `dir`: those of processes no longer
/// running (Linux: no `/proc/PID`), elsewhere those over an hour old. A live build's
/// temporary file is never touched.
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PART_PREFIX))
            .filter(|n| n.ends_with(PART_SUFFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid == Some(std::process::id()) {
            continue;
        }
        let dead = if Path::new("/proc/self").exists() {
            pid.is_none_or(|p| !Path::new(&format!("/proc/{p}")).exists())
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if dead {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A point in time for metadata, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

impl Timestamp {
    /// The build's date: `SOURCE_DATE_EPOCH` when given (reproducible builds), else the
    /// manuscript's date at midnight, else 2000-01-01 — never the clock, so the same
    /// input always gives the same bytes.
    pub fn for_build(source_date_epoch: Option<&str>, manuscript_date: Option<&str>) -> Timestamp {
        if let Some(secs) = source_date_epoch.and_then(|s| s.trim().parse::<i64>().ok()) {
            return Timestamp::from_unix(secs);
        }
        let mut parts = manuscript_date
            .unwrap_or("2000")
            .split('-')
            .map(|p| p.parse::<u32>().ok());
        let year = parts.next().flatten().unwrap_or(2000) as i32;
        let month = parts.next().flatten().unwrap_or(1).clamp(1, 12) as u8;
        let day = parts.next().flatten().unwrap_or(1).clamp(1, 31) as u8;
        Timestamp {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// From seconds since 1970-01-01 UTC (civil-from-days, Howard Hinnant's algorithm).
    fn from_unix(secs: i64) -> Timestamp {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Timestamp {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// ISO 8601 in UTC: `2026-11-26T00:00:00Z`.
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_civil() {
        assert_eq!(Timestamp::from_unix(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(1_764_115_200).iso(),
            "2025-11-26T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(951_782_400).iso(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn build_date_sources() {
        assert_eq!(
            Timestamp::for_build(Some("0"), Some("2026-11-26")).iso(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::for_build(None, Some("2026-11-26")).iso(),
            "2026-11-26T00:00:00Z"
        );
        assert_eq!(
            Timestamp::for_build(None, Some("2026")).iso(),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::for_build(None, None).iso(),
            "2000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("book.epub");
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second version").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second version");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }

    #[test]
    fn stale_parts_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // PID 0 is never a user process: a build killed long ago.
        let dead = dir.path().join(".pamphleteer-0-x1y2z3.part");
        std::fs::write(&dead, b"truncated").unwrap();
        let live = dir
            .path()
            .join(format!(".pamphleteer-{}-abc.part", std::process::id()));
        std::fs::write(&live, b"being written").unwrap();
        let other = dir.path().join("notes.part");
        std::fs::write(&other, b"not ours").unwrap();
        write_atomic(&dir.path().join("book.pdf"), b"%PDF").unwrap();
        assert!(!dead.exists(), "a dead build's part is removed");
        assert!(
            live.exists() && other.exists(),
            "a live build's part and other files stay"
        );
    }
}
