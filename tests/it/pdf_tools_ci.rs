//! The tool helpers fail in CI and only skip elsewhere: the test runs itself again as a
//! child process with and without `CI=true` and a tool that does not exist.

use crate::support::pdf_tools;

use std::process::Command;

const PROBE: &str = "PAMPHLETEER_PDF_TOOLS_PROBE";

fn probe(ci: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "pdf_tools_ci::a_missing_tool_fails_in_ci_and_skips_elsewhere",
        "--exact",
        "--nocapture",
    ])
    .env(PROBE, "1")
    .env_remove("CI");
    if let Some(v) = ci {
        cmd.env("CI", v);
    }
    cmd.output().unwrap()
}

#[test]
fn a_missing_tool_fails_in_ci_and_skips_elsewhere() {
    if std::env::var_os(PROBE).is_some() {
        // The child: ask for a tool no machine has.
        assert!(!pdf_tools::available("no-such-pdf-tool-for-pamphleteer"));
        return;
    }
    let in_ci = probe(Some("true"));
    let err = String::from_utf8_lossy(&in_ci.stderr).to_string()
        + &String::from_utf8_lossy(&in_ci.stdout);
    assert!(
        !in_ci.status.success(),
        "a missing tool must fail in CI:\n{err}"
    );
    assert!(
        err.contains("missing in CI") && err.contains(pdf_tools::INSTALL),
        "{err}"
    );
    let local = probe(None);
    let err = String::from_utf8_lossy(&local.stderr).to_string();
    assert!(
        local.status.success(),
        "outside CI a missing tool skips:\n{err}"
    );
    assert!(
        err.contains("SKIPPED") && err.contains(pdf_tools::INSTALL),
        "{err}"
    );
}
