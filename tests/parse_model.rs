//! The resolved model of a small fixture book, as a snapshot.
mod common;

use pamphleteer::parse::DirFiles;

#[test]
fn small_book_snapshot() {
    let files = DirFiles::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small"));
    let r = common::run(&files);
    assert_eq!(r.diags, Vec::<String>::new());
    common::snapshot("small", &common::dump(&r));
}
