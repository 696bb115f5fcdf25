//! Quotation marks and spacing by language, on the resolved document.
//!
//! pulldown-cmark's smart punctuation turns straight quotes into English “ ” ‘ ’ and
//! leaves marks the author typed alone. This pass tells the two apart by comparing
//! each text with its source, then, paragraph by paragraph: pairs the marks (an
//! apostrophe is not a closing quote: of several `’` that could close a single quote,
//! the last before the enclosing quote closes), sets each straight quote in the
//! language's mark for its depth, keeps typed marks (warning when one is unbalanced,
//! turned the wrong way, or not the language's), and in French sets the no-break
//! spaces inside guillemets and before `; : ! ?`.
//! `[text]{lang=..}` spans and `::: {lang=..}` divs switch the language inside them.

use crate::diag::{Diagnostic, Diagnostics, Sources, Span};
use crate::locale::quotes::{QuoteSetting, QuoteStyle, french_space_before, quote_style};
use crate::model::{Block, BlockKind, Chapter, Document, Inline, InlineKind};

/// Sets quotation marks and spacing throughout `doc` for its language (and the
/// languages of its spans and divs).
pub fn apply(
    doc: &mut Document,
    setting: QuoteSetting,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    let language = doc.meta.language.clone();
    let marks = Marks::new(setting, &language, sources);
    for ch in &mut doc.chapters {
        marks.chapter(ch, diags);
    }
    for note in &mut doc.notes {
        marks.blocks(&mut note.blocks, diags);
    }
    for entry in &mut doc.glossary {
        marks.blocks(&mut entry.definition, diags);
    }
    marks.generated(doc);
}

/// The book's quotation marks and spacing, to set text by text: a chapter's, a note's,
/// a glossary definition's each depend on that text alone (and the book's language and
/// setting), so a chapter kept from an earlier build needs no setting again.
pub struct Marks<'a> {
    setting: QuoteSetting,
    language: &'a str,
    sources: &'a Sources,
}

impl<'a> Marks<'a> {
    /// The marks of a book in `language` with `setting`.
    pub fn new(setting: QuoteSetting, language: &'a str, sources: &'a Sources) -> Self {
        Marks {
            setting,
            language,
            sources,
        }
    }

    fn cx<'d>(&self, diags: &'d mut Diagnostics, generated: bool) -> Cx<'a, 'd> {
        Cx {
            setting: self.setting,
            sources: self.sources,
            diags,
            langs: vec![self.language.to_string()],
            generated,
        }
    }

    /// A chapter's title and text (not its notes).
    pub fn chapter(&self, ch: &mut Chapter, diags: &mut Diagnostics) {
        let mut cx = self.cx(diags, false);
        cx.alone(&mut ch.title);
        cx.blocks(&mut ch.blocks);
    }

    /// The text of a note or a glossary definition.
    pub fn blocks(&self, blocks: &mut [Block], diags: &mut Diagnostics) {
        self.cx(diags, false).blocks(blocks);
    }

    /// The works cited and the citations, as the CSL engine rendered them from the
    /// bibliography's fields: the straight quotes and apostrophes typed in the .bib
    /// ("Working Men's", "a \"new\" order") and the marks the style sets around a title
    /// take the book's marks by their depth, as the text does. Nothing there is the
    /// author's to warn about.
    pub fn generated(&self, doc: &mut Document) {
        let mut quiet = Diagnostics::default();
        let mut cx = self.cx(&mut quiet, true);
        for entry in &mut doc.bibliography {
            cx.alone(&mut entry.rendered);
        }
        for citation in &mut doc.citations {
            cx.alone(&mut citation.rendered);
        }
    }
}

struct Cx<'a, 'd> {
    setting: QuoteSetting,
    sources: &'a Sources,
    diags: &'d mut Diagnostics,
    /// The language of the text being read: the book's, then nested spans' and divs'.
    langs: Vec<String>,
    /// Text generated from the bibliography: the ASCII `"` and `'` of its texts without
    /// a source are straight quotes to set (link texts, URLs, are left alone).
    generated: bool,
}

/// One character of a paragraph, flattened over its inlines.
#[derive(Debug, Clone)]
struct Slot {
    c: char,
    /// A mark that smart punctuation made from a straight quote (not typed as it is).
    straight: bool,
    /// Index into the paragraph's languages.
    lang: usize,
    /// Where it is in the source, if anywhere.
    span: Option<Span>,
}

/// What a quotation mark turned out to be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Open(usize),
    Close(usize),
}

/// A character standing for an inline that is not text (a note mark, a citation).
const OBJECT: char = '\u{fffc}';

impl Cx<'_, '_> {
    /// A list of blocks. A quotation left open at the end of a paragraph may go on in
    /// the next one (closed there, or opened again as English does); it is unclosed
    /// only if no paragraph follows.
    fn blocks(&mut self, blocks: &mut [Block]) {
        let mut carry = vec![];
        for b in blocks {
            if let BlockKind::Paragraph(c) = &mut b.kind {
                self.inlines(c, &mut carry);
                continue;
            }
            self.unclosed(&mut carry);
            match &mut b.kind {
                BlockKind::Paragraph(_) => {}
                BlockKind::Heading { content: c, .. } => self.alone(c),
                BlockKind::BlockQuote(bs) => self.blocks(bs),
                BlockKind::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i)),
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.alone(cell);
                    }
                    self.alone(caption);
                }
                BlockKind::Figure { caption, .. } => self.alone(caption),
                BlockKind::DefinitionList(items) => {
                    for d in items {
                        self.alone(&mut d.term);
                        d.definitions.iter_mut().for_each(|b| self.blocks(b));
                    }
                }
                BlockKind::Div { attrs, blocks } => {
                    let lang = attrs.lang.clone();
                    self.within(lang, |cx| cx.blocks(blocks));
                }
                BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
            }
        }
        self.unclosed(&mut carry);
    }

    /// Runs `f` with the text's language set to `lang` (if given).
    fn within(&mut self, lang: Option<String>, f: impl FnOnce(&mut Self)) {
        let pushed = lang.is_some();
        if let Some(l) = lang {
            self.langs.push(l);
        }
        f(self);
        if pushed {
            self.langs.pop();
        }
    }

    /// Text that no other text continues: a heading, a title, a table cell.
    fn alone(&mut self, inlines: &mut [Inline]) {
        let mut carry = vec![];
        self.inlines(inlines, &mut carry);
        self.unclosed(&mut carry);
    }

    /// Warns of quotations still open.
    fn unclosed(&mut self, carry: &mut Vec<Option<Span>>) {
        for at in carry.drain(..) {
            let d = Diagnostic::warning(at, "this quotation mark is never closed")
                .with_hint(UNBALANCED);
            self.diags.push(d);
        }
    }

    /// One paragraph (or heading, or cell): flatten, decide, write back. `carry`: the
    /// quotations left open by the paragraphs before, and after, this one.
    fn inlines(&mut self, inlines: &mut [Inline], carry: &mut Vec<Option<Span>>) {
        let mut slots = Vec::new();
        let mut langs: Vec<String> = vec![];
        self.flatten(inlines, &mut slots, &mut langs);
        if !slots.iter().any(|s| {
            crate::locale::quotes::is_quote_mark(s.c) || french_space_before(s.c).is_some()
        }) {
            return;
        }
        let styles: Vec<(QuoteStyle, bool)> = langs
            .iter()
            .map(|l| {
                let french = crate::locale::primary(l) == "fr";
                (quote_style(l, self.setting), french)
            })
            .collect();
        let out = set(&slots, &styles, carry, &mut |at, message, hint| {
            let d = Diagnostic::warning(slots[at].span, message).with_hint(hint);
            self.diags.push(d);
        });
        let mut k = 0;
        write_back(inlines, &out, &mut k);
    }

    fn flatten(&self, inlines: &[Inline], slots: &mut Vec<Slot>, langs: &mut Vec<String>) {
        let here = self.langs.last().cloned().unwrap_or_default();
        let lang = match langs.iter().position(|l| *l == here) {
            Some(k) => k,
            None => {
                langs.push(here);
                langs.len() - 1
            }
        };
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) => {
                    let src = (!i.span.is_detached())
                        .then(|| self.sources.get(i.span.file).text.get(i.span.range()))
                        .flatten();
                    let aligned = align(src.unwrap_or(t), t);
                    for (c, (straight, off)) in t.chars().zip(aligned) {
                        // Quotes typed in the .bib and the marks the CSL locale sets are
                        // straight quotes to set in the book's marks by their depth (so
                        // the works cited matches the text), as smart punctuation would
                        // have made them; `pair` decides which open and close.
                        let generated = match c {
                            '"' | '“' | '”' | '„' | '«' | '»' => Some('“'),
                            '‘' | '‚' => Some('‘'),
                            '\'' | '’' => Some('’'),
                            _ => None,
                        };
                        if let Some(c) = generated.filter(|_| self.generated && src.is_none()) {
                            slots.push(Slot {
                                c,
                                straight: true,
                                lang,
                                span: None,
                            });
                            continue;
                        }
                        let span = src.map(|_| {
                            let at = i.span.start + off as u32;
                            Span {
                                file: i.span.file,
                                start: at,
                                end: at + 1,
                            }
                        });
                        slots.push(Slot {
                            c,
                            straight: straight && src.is_some(),
                            lang,
                            span,
                        });
                    }
                }
                InlineKind::SoftBreak => slots.push(Slot {
                    c: ' ',
                    straight: false,
                    lang,
                    span: None,
                }),
                InlineKind::HardBreak => slots.push(Slot {
                    c: '\n',
                    straight: false,
                    lang,
                    span: None,
                }),
                InlineKind::Span {
                    attrs:
                        crate::model::Attrs {
                            lang: Some(lang), ..
                        },
                    content,
                } => {
                    let inner = Cx {
                        setting: self.setting,
                        sources: self.sources,
                        diags: &mut Diagnostics::default(),
                        langs: vec![lang.clone()],
                        generated: self.generated,
                    };
                    inner.flatten(content, slots, langs);
                }
                InlineKind::Link { content, .. } if self.generated => {
                    let inner = Cx {
                        setting: self.setting,
                        sources: self.sources,
                        diags: &mut Diagnostics::default(),
                        langs: self.langs.clone(),
                        generated: false,
                    };
                    inner.flatten(content, slots, langs);
                }
                InlineKind::Code(_) => slots.push(Slot {
                    c: OBJECT,
                    straight: false,
                    lang,
                    span: None,
                }),
                kind => match kind.children() {
                    Some(c) => self.flatten(c, slots, langs),
                    None => slots.push(Slot {
                        c: OBJECT,
                        straight: false,
                        lang,
                        span: None,
                    }),
                },
            }
        }
    }
}

/// For each character of `text` (a rendering of the Markdown `src`): whether it is a
/// quotation mark made from a straight quote, and its byte offset in `src`.
fn align(src: &str, text: &str) -> Vec<(bool, usize)> {
    let mut out = Vec::with_capacity(text.len());
    let mut j = 0;
    for tc in text.chars() {
        let rest = src.get(j..).unwrap_or("");
        let sc = rest.chars().next().unwrap_or(' ');
        let straight = matches!((tc, sc), ('“' | '”', '"') | ('‘' | '’', '\''));
        out.push((straight, j.min(src.len().saturating_sub(1))));
        let entity = super::textrun::entity_len(rest);
        let step = if entity > 0 {
            entity
        } else if tc == sc {
            sc.len_utf8()
        } else if sc == '\\' && rest[1..].starts_with(tc) {
            1 + tc.len_utf8()
        } else {
            match (tc, sc) {
                ('–', '-') if rest.starts_with("--") => 2,
                ('—', '-') if rest.starts_with("---") => 3,
                ('…', '.') if rest.starts_with("...") => 3,
                _ => sc.len_utf8(),
            }
        };
        j += step;
    }
    out
}

/// Decides every mark of a paragraph and returns each slot's output text.
fn set(
    slots: &[Slot],
    styles: &[(QuoteStyle, bool)],
    carry: &mut Vec<Option<Span>>,
    warn: &mut dyn FnMut(usize, String, &'static str),
) -> Vec<String> {
    let roles = pair(slots, styles, carry, warn);
    let mut out: Vec<String> = slots.iter().map(|s| s.c.to_string()).collect();
    for (k, role) in roles.iter().enumerate() {
        let Some(role) = role else { continue };
        let (style, _) = styles[slots[k].lang];
        if slots[k].straight {
            let (open, close) = style.at(match role {
                Role::Open(d) | Role::Close(d) => *d,
            });
            out[k] = match role {
                Role::Open(_) => open,
                Role::Close(_) => close,
            }
            .to_string();
        }
        let guillemet = matches!(out[k].as_str(), "«" | "»" | "‹" | "›");
        if let (Some(space), true) = (style.inner_space, guillemet) {
            match role {
                Role::Open(_) => space_beside(slots, &mut out, k, k + 1, space, false),
                Role::Close(_) if k > 0 => space_beside(slots, &mut out, k, k - 1, space, true),
                Role::Close(_) => {}
            }
        }
    }
    for (k, s) in slots.iter().enumerate() {
        let (_, french) = styles[s.lang];
        if french && k > 0 && french_space_wanted(slots, k) {
            let space = french_space_before(s.c).expect("checked");
            space_beside(slots, &mut out, k, k - 1, space, true);
        }
    }
    out
}

/// Puts the no-break `space` between slot `k` and its neighbour `n` (before `k` when
/// `before`): replaces a space there, or adds one.
fn space_beside(slots: &[Slot], out: &mut [String], k: usize, n: usize, space: char, before: bool) {
    match slots.get(n) {
        Some(s) if s.c == ' ' || s.c == '\u{a0}' || s.c == '\u{202f}' => {
            out[n] = space.to_string();
        }
        Some(s) if s.c == '\n' => {}
        Some(_) if before => out[k].insert(0, space),
        Some(_) => out[k].push(space),
        None => {}
    }
}

/// Whether French wants a no-break space before slot `k` (`; : ! ?` after a word, not
/// inside `http://`, `10:30` or `?!`).
fn french_space_wanted(slots: &[Slot], k: usize) -> bool {
    let c = slots[k].c;
    if french_space_before(c).is_none() {
        return false;
    }
    let prev = slots[k - 1].c;
    let next = slots.get(k + 1).map_or(' ', |s| s.c);
    let next_ok = next.is_whitespace()
        || matches!(
            next,
            '»' | '›' | ')' | ']' | '”' | '’' | '"' | '!' | '?' | OBJECT
        );
    if !next_ok || matches!(prev, '!' | '?' | ';' | ':' | '\n') {
        return false;
    }
    if prev == ' ' {
        // A space typed before: the character before it must be a word, not the start.
        return k >= 2 && !slots[k - 2].c.is_whitespace();
    }
    true
}

fn is_letter(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a mark between `prev` and `next` opens (`Some(true)`: after a space, the
/// start or an opening bracket, before text), closes (`Some(false)`: after text), or
/// cannot tell (`None`: spaces on both sides, as around French guillemets).
fn flank(prev: Option<char>, next: Option<char>) -> Option<bool> {
    let after_space = prev.is_none_or(|p| {
        p.is_whitespace()
            || matches!(
                p,
                '(' | '[' | '{' | '—' | '–' | '/' | '„' | '“' | '‘' | '‚' | '«' | '‹' | '»'
            )
            // an elision: d’« … », dell’“ … ”
            || (matches!(p, '’' | '\'') && next.is_some_and(char::is_alphanumeric))
    });
    // Before a space, or punctuation that follows a quotation (French « … ». too).
    let before_space = next.is_none_or(|n| {
        n.is_whitespace()
            || matches!(
                n,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '…' | OBJECT
            )
    });
    match (after_space, before_space) {
        (true, false) => Some(true),
        (false, _) => Some(false),
        (true, true) => None,
    }
}

/// An open quotation while pairing.
struct Open {
    at: usize,
    /// A single mark (‘ ‚ ‹): its close may be one of several `’`.
    single: bool,
    /// Candidate closing `’` for a single quote.
    candidates: Vec<usize>,
}

/// Pairs the marks of a paragraph: the role of each slot that is a quotation mark.
fn pair(
    slots: &[Slot],
    styles: &[(QuoteStyle, bool)],
    carry: &mut Vec<Option<Span>>,
    warn: &mut dyn FnMut(usize, String, &'static str),
) -> Vec<Option<Role>> {
    let mut roles = vec![None; slots.len()];
    let mut stack: Vec<Open> = vec![];
    // A paragraph that opens with a quotation mark while one is carried re-opens it.
    let first = slots.iter().position(|s| !s.c.is_whitespace());
    let reopens = first.is_some_and(|k| {
        let s = &slots[k];
        (s.straight && s.c == '“') || (!s.straight && styles[s.lang].0.opens(s.c))
    });
    if reopens {
        carry.pop();
    }
    let base = carry.len();
    let finish_single =
        |o: Open,
         depth: usize,
         roles: &mut Vec<Option<Role>>,
         warn: &mut dyn FnMut(usize, String, &'static str)| {
            if let Some(&last) = o.candidates.last() {
                roles[o.at] = Some(Role::Open(depth));
                roles[last] = Some(Role::Close(depth));
            } else {
                roles[o.at] = Some(Role::Open(depth));
                warn(
                    o.at,
                    "this quotation mark is never closed".into(),
                    UNBALANCED,
                );
            }
        };
    for (k, s) in slots.iter().enumerate() {
        let c = s.c;
        let prev = k.checked_sub(1).map(|p| slots[p].c);
        let next = slots.get(k + 1).map(|n| n.c);
        let (style, _) = styles[s.lang];
        let place = flank(prev, next);
        // Single marks that may be apostrophes: ’ always, ‘ where it does not close a
        // quotation in this language (it does in German).
        let single = c == '’' || (c == '‘' && (s.straight || !style.closes('‘')));
        if single {
            let inside_word = prev.is_some_and(is_letter) && next.is_some_and(is_letter);
            let opening = place == Some(true) && (c == '‘' || s.straight);
            match stack.last_mut() {
                _ if inside_word => {}
                _ if opening => stack.push(Open {
                    at: k,
                    single: true,
                    candidates: vec![],
                }),
                Some(top) if top.single => top.candidates.push(k),
                _ => {}
            }
            continue;
        }
        let kind = match c {
            // Made from `"`: the place decides, not the way pulldown-cmark turned it.
            '“' | '”' if s.straight => Some(place.unwrap_or(c == '“')),
            '“' | '”' | '‘' | '„' | '‚' | '«' | '»' | '‹' | '›' => {
                let open = place.unwrap_or_else(|| {
                    style.opens(c)
                        || (!style.closes(c) && matches!(c, '“' | '‘' | '„' | '‚' | '«' | '‹'))
                });
                let mark_ok = if open {
                    style.opens(c)
                } else {
                    style.closes(c)
                };
                if !mark_ok {
                    let what = if style.has(c) {
                        format!(
                            "this typed {c} {} a quotation, but in this language it {}",
                            if open { "opens" } else { "closes" },
                            if open { "closes one" } else { "opens one" }
                        )
                    } else {
                        format!("{c} is not a quotation mark of this text's language")
                    };
                    warn(k, what, TYPED);
                }
                Some(open)
            }
            _ => None,
        };
        let Some(open) = kind else { continue };
        if open {
            stack.push(Open {
                at: k,
                single: false,
                candidates: vec![],
            });
            continue;
        }
        // A closing mark first closes any single quotes left open inside it.
        while stack.last().is_some_and(|o| o.single) {
            let o = stack.pop().expect("checked");
            finish_single(o, base + stack.len(), &mut roles, warn);
        }
        match stack.pop() {
            Some(o) => {
                let depth = base + stack.len();
                roles[o.at] = Some(Role::Open(depth));
                roles[k] = Some(Role::Close(depth));
            }
            None if !carry.is_empty() => {
                carry.pop();
                roles[k] = Some(Role::Close(carry.len()));
            }
            None => {
                roles[k] = Some(Role::Close(0));
                warn(
                    k,
                    "this closing quotation mark has no opening one".into(),
                    UNBALANCED,
                );
            }
        }
    }
    let mut open = vec![];
    while let Some(o) = stack.pop() {
        let depth = base + stack.len();
        if o.single {
            finish_single(o, depth, &mut roles, warn);
        } else {
            roles[o.at] = Some(Role::Open(depth));
            open.push(slots[o.at].span);
        }
    }
    carry.extend(open.into_iter().rev());
    roles
}

const UNBALANCED: &str = "type straight quotes (\" and ') in pairs and pamphleteer sets the marks of the book's language; check for a missing or extra one";
const TYPED: &str = "type straight quotes (\" and ') and pamphleteer sets the marks of the book's language, or type that language's own marks";

/// Writes the slots' output back into the inlines, in the order `flatten` read them.
fn write_back(inlines: &mut [Inline], out: &[String], k: &mut usize) {
    for i in inlines {
        match &mut i.kind {
            InlineKind::Text(t) => {
                let n = t.chars().count();
                let new: String = out[*k..*k + n].concat();
                *k += n;
                *t = new;
            }
            InlineKind::SoftBreak => {
                if out[*k] != " " {
                    i.kind = InlineKind::Text(out[*k].clone());
                }
                *k += 1;
            }
            kind => match kind.children_mut() {
                Some(c) => write_back(c, out, k),
                None => *k += 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lang: &str, setting: QuoteSetting, src: &str, text: &str) -> (String, Vec<String>) {
        let slots: Vec<Slot> = text
            .chars()
            .zip(align(src, text))
            .map(|(c, (straight, _))| Slot {
                c,
                straight,
                lang: 0,
                span: None,
            })
            .collect();
        let styles = [(
            quote_style(lang, setting),
            crate::locale::primary(lang) == "fr",
        )];
        let mut warnings = vec![];
        let mut carry = vec![];
        let out = set(&slots, &styles, &mut carry, &mut |_, m, _| warnings.push(m));
        if !carry.is_empty() {
            warnings.push("unclosed".into());
        }
        (out.concat(), warnings)
    }

    fn md(src: &str) -> String {
        let mut out = String::new();
        for e in pulldown_cmark::Parser::new_ext(src, crate::parse::markdown::options()) {
            if let pulldown_cmark::Event::Text(t) = e {
                out.push_str(&t);
            }
        }
        out
    }

    fn q(lang: &str, src: &str) -> String {
        let (out, w) = run(lang, QuoteSetting::Language, src, &md(src));
        assert!(w.is_empty(), "{src}: {w:?}");
        out
    }

    #[test]
    fn straight_quotes_take_the_languages_marks() {
        let s = r#"He said "the 'workers' state' is not" and it's done."#;
        assert_eq!(
            q("en", s),
            "He said “the ‘workers’ state’ is not” and it’s done."
        );
        assert_eq!(
            q("de", s),
            "He said „the ‚workers’ state‘ is not“ and it’s done."
        );
        assert_eq!(
            q("ru", s),
            "He said «the „workers’ state“ is not» and it’s done."
        );
        assert_eq!(
            q("pl", s),
            "He said „the «workers’ state» is not” and it’s done."
        );
        assert_eq!(
            q("sv", s),
            "He said ”the ’workers’ state’ is not” and it’s done."
        );
        assert_eq!(
            q("es", s),
            "He said «the “workers’ state” is not» and it’s done."
        );
        let (gb, _) = run("en-GB", QuoteSetting::Single, s, &md(s));
        assert_eq!(gb, "He said ‘the “workers’ state” is not’ and it’s done.");
        let (de, _) = run("de", QuoteSetting::Guillemets, s, &md(s));
        assert_eq!(de, "He said »the ›workers’ state‹ is not« and it’s done.");
    }

    #[test]
    fn french_spaces_are_unbreakable() {
        let s = r#"Il chante "l'Internationale" ; puis : quoi ? Rien! Voir http://x.org à 10:30."#;
        assert_eq!(
            q("fr", s),
            "Il chante «\u{a0}l’Internationale\u{a0}»\u{202f}; puis\u{a0}: quoi\u{202f}? Rien\u{202f}! Voir http://x.org à 10:30."
        );
    }

    #[test]
    fn typed_marks_are_kept_and_checked() {
        let s = "sur « l’utilité commune ». La formule";
        assert_eq!(
            q("fr", s),
            "sur «\u{a0}l’utilité commune\u{a0}». La formule"
        );
        let s = "Sie sagte „ja“ und \"nein\".";
        assert_eq!(q("de", s), "Sie sagte „ja“ und „nein“.");
        let s = "Sie sagte „ja, ‚vielleicht‘ doch“ und 'nein'.";
        assert_eq!(q("de", s), "Sie sagte „ja, ‚vielleicht‘ doch“ und „nein“.");
        let s = "She said ”yes” and \"no\".";
        let (_, w) = run("en", QuoteSetting::Language, s, &md(s));
        assert_eq!(w.len(), 1, "{w:?}");
        let s = "Er sagte “ja” dazu.";
        let (_, w) = run("de", QuoteSetting::Language, s, &md(s));
        assert!(!w.is_empty());
        let s = "An \"open quote and nothing.";
        let (_, w) = run("en", QuoteSetting::Language, s, &md(s));
        assert_eq!(w.len(), 1);
    }
}
