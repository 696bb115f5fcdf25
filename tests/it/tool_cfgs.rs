//! The tests that need an external tool say so: each carries
//! `#[cfg_attr(not(has_TOOL), ignore = "needs …: install …")]`, the build script sets
//! `has_TOOL` where the tool is found (every one under `CI=true`), and the runtime
//! helpers agree with it. And no test lets a child process write into the test output.

use crate::support::{epub_validators, pdf_tools};
use std::collections::HashSet;
use std::path::Path;

/// What a test or helper calls when it runs an external tool.
const TOOL_CALLS: &[&str] = &[
    "pdf_tools::",
    "epub_validators::",
    "Command::new(\"script\")",
    "Command::new(\"pdftotext\")",
];

/// Files exempt: the helpers' own test runs them on a tool that does not exist.
const EXEMPT: &[&str] = &["pdf_tools_ci.rs", "tool_cfgs.rs"];

/// Each function of a test file: (attributes and doc above it, name, body).
fn functions(src: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = src.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line
            .strip_prefix("fn ")
            .or_else(|| line.strip_prefix("pub fn "))
        else {
            continue;
        };
        let name = rest.split(['(', '<']).next().unwrap_or("").to_string();
        let mut above = Vec::new();
        for l in lines[..i].iter().rev() {
            if l.starts_with("#[") || l.starts_with("///") || l.starts_with("    ") {
                above.push(*l);
            } else {
                break;
            }
        }
        let end = lines[i..]
            .iter()
            .position(|l| *l == "}")
            .map_or(lines.len(), |k| i + k);
        let body = lines[i..end].join("\n");
        out.push((above.join("\n"), name, body));
    }
    out
}

/// The names of the tests in `src` that run a tool, directly or through a function of
/// the same file, without the `cfg_attr(not(has_…), ignore = …)` that says so.
fn unmarked(src: &str) -> Vec<String> {
    let fns = functions(src);
    let mut tool_fns: HashSet<String> = HashSet::new();
    loop {
        let before = tool_fns.len();
        for (_, name, body) in &fns {
            let calls_tool = TOOL_CALLS.iter().any(|c| body.contains(c))
                || tool_fns
                    .iter()
                    .any(|f| f != name && body.contains(&format!("{f}(")));
            if calls_tool {
                tool_fns.insert(name.clone());
            }
        }
        if tool_fns.len() == before {
            break;
        }
    }
    fns.iter()
        .filter(|(attrs, name, _)| {
            attrs.contains("#[test]")
                && tool_fns.contains(name)
                && !attrs.contains("#[ignore")
                && !(attrs.contains("#[cfg_attr(not(") && attrs.contains("has_"))
        })
        .map(|(_, name, _)| name.clone())
        .collect()
}

fn test_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_tool_test_is_marked() {
    let mut missing = Vec::new();
    for (file, src) in test_sources() {
        if EXEMPT.contains(&file.as_str()) {
            continue;
        }
        missing.extend(unmarked(&src).into_iter().map(|t| format!("{file}: {t}")));
    }
    assert!(
        missing.is_empty(),
        "these tests run an external tool but are not marked \
         #[cfg_attr(not(has_TOOL), ignore = \"needs TOOL: install …\")] \
         (see tests/it/support/mod.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_marker_check_sees_tools_called_through_helpers() {
    let src = "fn words(p: &Path) -> String {\n    pdf_tools::pdftotext(p, None).unwrap()\n}\n\n\
               fn twice(p: &Path) -> String {\n    words(p) + &words(p)\n}\n\n\
               #[test]\nfn plain() {\n    twice(Path::new(\"x\"));\n}\n\n\
               #[test]\n#[cfg_attr(not(has_poppler), ignore = \"needs poppler\")]\nfn marked() {\n    twice(Path::new(\"x\"));\n}\n\n\
               #[test]\nfn no_tool() {\n    assert!(true);\n}\n";
    assert_eq!(unmarked(src), ["plain"]);
}

/// Where the build script says a tool is there, the runtime helpers find it too (under
/// `CI=true` every cfg is set, so this fails for a tool CI forgot to install).
#[test]
fn the_build_scripts_cfgs_agree_with_the_helpers() {
    #[cfg(has_qpdf)]
    assert!(pdf_tools::available("qpdf"));
    #[cfg(has_gs)]
    assert!(pdf_tools::available("gs"));
    #[cfg(has_poppler)]
    for tool in ["pdftotext", "pdffonts", "pdftoppm", "pdfimages"] {
        assert!(pdf_tools::available(tool), "{tool}");
    }
    #[cfg(has_epubcheck)]
    assert!(
        epub_validators::epubcheck_installed(),
        "has_epubcheck is set, but EPUBCheck is not found"
    );
    #[cfg(has_ace)]
    assert!(
        epub_validators::ace_installed(),
        "has_ace is set, but Ace is not found"
    );
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if ci {
        // The build script ran with CI=true (it reruns when CI changes), so nothing is ignored.
        let every_tool = cfg!(all(
            has_qpdf,
            has_poppler,
            has_gs,
            has_java,
            has_epubcheck,
            has_chromium,
            has_ace,
            has_pandoc,
            has_calibre,
            has_script
        ));
        assert!(every_tool, "CI=true sets every has_* cfg");
    }
}

/// A child process's output goes straight to the terminal (the test harness captures
/// only the test's own printing), so tests run commands with `.output()` — or send
/// stderr elsewhere before `.spawn()` — and show what the child said only when an
/// assertion fails.
#[test]
fn no_test_lets_a_child_print_into_the_test_output() {
    let mut sources = test_sources();
    let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support");
    for e in std::fs::read_dir(support).unwrap() {
        let p = e.unwrap().path();
        let name = format!("support/{}", p.file_name().unwrap().to_string_lossy());
        sources.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    let found: Vec<String> = sources
        .iter()
        .filter(|(file, _)| file != "tool_cfgs.rs")
        .flat_map(|(file, src)| {
            loud_commands(src)
                .into_iter()
                .map(move |c| format!("{file}: {c}"))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Each command built in `src` (from `Command::new(` to the statement's `;`) that
/// lets the child write to the terminal.
fn loud_commands(src: &str) -> Vec<String> {
    let new = concat!("Command::", "new(");
    src.match_indices(new)
        .map(|(at, _)| &src[at..src[at..].find(';').map_or(src.len(), |e| at + e)])
        .filter(|chain| {
            chain.contains(".status()")
                || chain.contains("Stdio::inherit")
                || (chain.contains(".spawn()") && !chain.contains(".stderr("))
        })
        .map(|chain| chain.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn loud_commands_are_seen() {
    let quiet = "let o = Command::new(\"x\").arg(\"y\").output().unwrap();\n\
                 let c = Command::new(\"x\").stderr(Stdio::null()).spawn().unwrap();\n\
                 let s = preview.status();";
    assert!(loud_commands(quiet).is_empty());
    let loud = "let s = Command::new(\"x\")\n    .arg(\"y\")\n    .status()\n    .unwrap();\n\
                let c = Command::new(\"x\").spawn().unwrap();";
    assert_eq!(loud_commands(loud).len(), 2);
}
