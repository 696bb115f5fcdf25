//! The embedded fonts: subset to the book's characters, each still mapped by a cmap,
//! with real small capitals, and small.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;

use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

#[test]
fn subset_fonts_map_every_character_of_the_book() {
    let Some(fonts) = fixture::fonts() else {
        eprintln!(
            "\n!!!!!!!!!! SKIPPED: no Source Serif 4 in fonts/ or /work/wt-typeset/fonts !!!!!!!!!!\n"
        );
        return;
    };
    let original = fonts.regular.clone();
    let epub = pamphleteer::epub::write(
        &fixture::document(),
        &fixture::layout(),
        &fixture::assets(Some(fonts)),
        None,
    )
    .unwrap();
    let entries = read::entries(&epub);
    let chapter = read::entry(&epub, "OEBPS/c01-introduction.xhtml");
    // The upright text: what is not in emphasis, strong, code or a footnote mark
    // (each face is subset to the characters it sets).
    let mut upright = chapter.clone();
    for tag in [
        "em", "strong", "code", "dfn", "cite", "th", "h1", "h2", "h3",
    ] {
        upright = read::remove_regions(&upright, &format!("<{tag}"), &format!("</{tag}>"));
    }
    let text = read::text(&upright);
    // A subset is a Modified Version under the OFL: it must not carry the Reserved
    // Font Name "Source".
    let (_, regular) = entries
        .iter()
        .find(|(n, _)| n == "OEBPS/fonts/Subset-Serif-4-Regular.otf")
        .expect("the regular face is embedded");
    assert!(
        regular.len() < 40_000,
        "subset is small: {} bytes",
        regular.len()
    );
    assert!(regular.len() * 5 < original.len());
    let font = FontRef::new(regular).expect("the subset parses");
    let charmap = font.charmap();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        assert!(
            charmap.map(c).is_some_and(|g| g.to_u32() != 0),
            "{c:?} has a glyph"
        );
    }
    assert!(
        charmap.map('Ж').is_none(),
        "characters the book does not use are gone"
    );
    let gsub = font.gsub().expect("a GSUB for small capitals");
    let features = gsub.feature_list().unwrap();
    assert!(
        features
            .feature_records()
            .iter()
            .any(|r| r.feature_tag() == skrifa::Tag::new(b"smcp"))
    );
    let gpos = font.gpos().expect("a GPOS for kerning");
    let kern = gpos.feature_list().unwrap();
    assert!(
        kern.feature_records()
            .iter()
            .any(|r| r.feature_tag() == skrifa::Tag::new(b"kern"))
    );
    assert!(font.os2().is_ok() && font.hhea().is_ok() && font.head().is_ok());
    let names: Vec<String> = font
        .localized_strings(skrifa::string::StringId::FAMILY_NAME)
        .chain(font.localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME))
        .chain(font.localized_strings(skrifa::string::StringId::FULL_NAME))
        .map(|s| s.to_string())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| !n.contains("Source")),
        "the subset is renamed: {names:?}"
    );
    assert!(
        font.localized_strings(skrifa::string::StringId::COPYRIGHT_NOTICE)
            .any(|s| s.to_string().contains("Reserved Font Name")),
        "the copyright notice is kept"
    );
    let licence = read::entry(&epub, "OEBPS/fonts/OFL-Source-Serif-4.txt");
    assert!(licence.contains("SIL OPEN FONT LICENSE"));
    let css = read::entry(&epub, "OEBPS/css/book.css");
    assert!(css.contains("font-feature-settings: \"smcp\""));
    assert!(
        !css.contains("px") && !css.contains("!important"),
        "no fixed pixels, no !important"
    );
}
