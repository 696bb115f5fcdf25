//! Embeds the bundled pamphlet (manuscript/, covers/) into the binary as its default job,
//! and deflates the output-intent ICC profile once, at compile time: every print PDF
//! carries it, and deflating its 121 KB at run time cost as much as writing the rest of
//! the pamphlet's PDF.

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
