mod common;
#[test]
fn scratch() {
    let bad = "@book{a,\n  title = {Unclosed,\n  year = 1937\n}\n@book{b, title = {B}, year = {1990}\n";
    let r = common::run_mem(&[("references.bib", bad), ("a.md", "# A\n\n[@a]\n")]);
    println!("{:?}", r.diags);
    let bad = "@book{a,\n  title = {A},\n  year = {19x7}, author = {Doe, J.}\n}\n";
    let r = common::run_mem(&[("references.bib", bad), ("a.md", "# A\n\n[@a]\n")]);
    println!("{:?}", r.diags);
}
