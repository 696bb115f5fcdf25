//! Running heads and folios.
//!
//! Heads are set in the running-head style (small capitals), centred over the text
//! block a line and a half above it: the book's title on versos, the chapter (or
//! matter) title on rectos. Folios are centred a line and a half below the text
//! block. Neither appears on blank pages, title pages or a chapter's first page.

use super::compose::emit_line;
use super::flow::LineSetter;
use crate::layout::{Layout, TextAlign};
use crate::typeset::collect::plain_para;
use crate::typeset::frame::Item;
use crate::typeset::run::{Run, RunStyle};

/// Where the text block sits on a page: left edge x and top y.
pub fn text_origin(layout: &Layout, recto: bool) -> (f64, f64) {
    let m = layout.page.margins;
    let x = if recto { m.inner } else { m.outer };
    (x, m.top)
}

/// Sets one centred line of `text` across the measure at baseline `y`.
fn centred(
    setter: &mut dyn LineSetter,
    layout: &Layout,
    text: &str,
    recto: bool,
    y: f64,
) -> Vec<Item> {
    let mut style = layout.styles.running_head;
    style.align = TextAlign::Center;
    style.first_line_indent = 0.0;
    let st = RunStyle {
        small_caps: style.small_caps,
        italic: style.italic,
        bold: style.bold,
        ..RunStyle::default()
    };
    // A head too long for one line loses words from its end, an ellipsis in their place.
    let mut words: Vec<&str> = text.split(' ').collect();
    let mut shown = text.to_string();
    let lines = loop {
        let p = plain_para(vec![Run::new(shown.clone(), st.clone())], style);
        let lines = setter.set(&p, layout.page.measure(), 0);
        if lines.len() <= 1 || words.len() <= 1 {
            break lines;
        }
        words.pop();
        shown = format!("{}…", words.join(" ").trim_end_matches([',', ';', ':']));
    };
    let mut items = Vec::new();
    let (x, _) = text_origin(layout, recto);
    if let Some(line) = lines.first() {
        emit_line(&mut items, line, x, y, y - layout.font_size);
    }
    items
}

/// The running head: `head` centred above the text block.
pub fn head(setter: &mut dyn LineSetter, layout: &Layout, head: &str, recto: bool) -> Vec<Item> {
    let y = layout.page.margins.top - 1.5 * layout.leading;
    centred(setter, layout, head, recto, y)
}

/// The folio: the page label centred below the text block.
pub fn folio(setter: &mut dyn LineSetter, layout: &Layout, label: &str, recto: bool) -> Vec<Item> {
    let y = layout.page.margins.top + layout.page.text_height() + 1.5 * layout.leading;
    centred(setter, layout, label, recto, y)
}

/// Lower-case roman numerals for front-matter folios.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}
