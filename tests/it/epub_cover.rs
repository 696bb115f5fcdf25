//! The cover: the author's image when given (checked against its bytes), else a drawn
//! PNG; either way marked `cover-image` and shown on a cover page with a text
//! alternative.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;

use pamphleteer::epub::{CoverImage, EpubError};

#[test]
fn a_given_cover_is_used_as_is() {
    let mut assets = fixture::assets(None);
    let png = fixture::png();
    assets.cover = Some(CoverImage {
        bytes: png.clone(),
        media_type: "image/png".into(),
    });
    let epub =
        pamphleteer::epub::write(&fixture::document(), &fixture::layout(), &assets, None).unwrap();
    let entries = read::entries(&epub);
    let cover = entries
        .iter()
        .find(|(n, _)| n == "OEBPS/images/cover.png")
        .expect("cover image");
    assert_eq!(cover.1, png);
    let opf = read::entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>"));
    let page = read::entry(&epub, "OEBPS/cover.xhtml");
    assert!(page.contains(
        "<img epub:type=\"cover\" role=\"doc-cover\" src=\"images/cover.png\" alt=\"The Class Nature of the Soviet State: Workers &amp; “Bureaucrats” &lt;in&gt; 1933, by Leon Trotsky and A. N. Other &amp; Co\"/>"
    ));
}

#[test]
fn a_cover_whose_bytes_do_not_match_its_type_is_refused() {
    let mut assets = fixture::assets(None);
    assets.cover = Some(CoverImage {
        bytes: fixture::png(),
        media_type: "image/jpeg".into(),
    });
    let err = pamphleteer::epub::write(&fixture::document(), &fixture::layout(), &assets, None)
        .unwrap_err();
    assert!(matches!(err, EpubError::Cover(_)), "{err}");
}

#[test]
fn without_a_cover_image_the_cover_page_sets_the_title_as_text() {
    let mut assets = fixture::assets(fixture::fonts());
    assets.cover = None;
    let epub =
        pamphleteer::epub::write(&fixture::document(), &fixture::layout(), &assets, None).unwrap();
    let opf = read::entry(&epub, "OEBPS/content.opf");
    assert!(
        !opf.contains("cover-image"),
        "no image is claimed as the cover"
    );
    let page = read::entry(&epub, "OEBPS/cover.xhtml");
    assert!(page.contains("<p class=\"title\">"), "{page}");
}
