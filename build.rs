//! Embeds the bundled pamphlet (manuscript/, covers/) into the binary as its default job.

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
}
