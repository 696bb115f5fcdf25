//! The words the EPUB adds itself (headings of the matter, landmarks, the colophon's
//! sentences), in the book's language: English, German, French or Spanish, else English.

/// Generated wording in one language. `{font}`, `{file}` and `{version}` are filled in.
#[derive(Debug)]
pub struct Labels {
    /// The contents page.
    pub contents: &'static str,
    /// The glossary.
    pub glossary: &'static str,
    /// The works cited.
    pub works_cited: &'static str,
    /// The colophon.
    pub colophon: &'static str,
    /// The cover page.
    pub cover: &'static str,
    /// The title page.
    pub title_page: &'static str,
    /// The landmarks list.
    pub landmarks: &'static str,
    /// The page-list.
    pub page_list: &'static str,
    /// The landmark of the first chapter.
    pub start: &'static str,
    /// Before a glossary entry's back-links.
    pub used_in: &'static str,
    /// A chapter without a title, before its number.
    pub chapter: &'static str,
    /// Between a title and its authors.
    pub by: &'static str,
    /// Before the last of several authors.
    pub and: &'static str,
    /// Before the publisher.
    pub published_by: &'static str,
    /// Before the identifier.
    pub identifier: &'static str,
    /// The font sentence.
    pub set_in: &'static str,
    /// The tool sentence.
    pub made_with: &'static str,
}

const EN: Labels = Labels {
    contents: "Contents",
    glossary: "Glossary",
    works_cited: "Works Cited",
    colophon: "Colophon",
    cover: "Cover",
    title_page: "Title page",
    landmarks: "Landmarks",
    page_list: "Pages of the print edition",
    start: "Start of content",
    used_in: "Used in",
    chapter: "Chapter",
    by: "by",
    and: "and",
    published_by: "Published by",
    identifier: "Identifier",
    set_in: "Set in {font}, used under the SIL Open Font License 1.1 (included in this book as {file}).",
    made_with: "Made with pamphleteer {version}.",
};

const DE: Labels = Labels {
    contents: "Inhalt",
    glossary: "Glossar",
    works_cited: "Literatur",
    colophon: "Impressum",
    cover: "Umschlag",
    title_page: "Titelseite",
    landmarks: "Orientierungspunkte",
    page_list: "Seiten der Druckausgabe",
    start: "Textbeginn",
    used_in: "Verwendet in",
    chapter: "Kapitel",
    by: "von",
    and: "und",
    published_by: "Erschienen bei",
    identifier: "Kennung",
    set_in: "Gesetzt in {font}, verwendet unter der SIL Open Font License 1.1 (in diesem Buch als {file} enthalten).",
    made_with: "Erstellt mit pamphleteer {version}.",
};

const FR: Labels = Labels {
    contents: "Table des matières",
    glossary: "Glossaire",
    works_cited: "Bibliographie",
    colophon: "Colophon",
    cover: "Couverture",
    title_page: "Page de titre",
    landmarks: "Repères",
    page_list: "Pages de l’édition imprimée",
    start: "Début du texte",
    used_in: "Employé dans",
    chapter: "Chapitre",
    by: "par",
    and: "et",
    published_by: "Publié par",
    identifier: "Identifiant",
    set_in: "Composé en {font}, utilisée sous la SIL Open Font License 1.1 (incluse dans ce livre : {file}).",
    made_with: "Réalisé avec pamphleteer {version}.",
};

const ES: Labels = Labels {
    contents: "Índice",
    glossary: "Glosario",
    works_cited: "Obras citadas",
    colophon: "Colofón",
    cover: "Cubierta",
    title_page: "Portada",
    landmarks: "Puntos de referencia",
    page_list: "Páginas de la edición impresa",
    start: "Inicio del contenido",
    used_in: "Usado en",
    chapter: "Capítulo",
    by: "de",
    and: "y",
    published_by: "Publicado por",
    identifier: "Identificador",
    set_in: "Compuesto en {font}, usada bajo la SIL Open Font License 1.1 (incluida en este libro como {file}).",
    made_with: "Hecho con pamphleteer {version}.",
};

/// The labels for a BCP 47 language tag (by its primary subtag).
pub fn for_language(lang: &str) -> &'static Labels {
    match lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    }
}

impl Labels {
    /// "Chapter 3", for a chapter without a title.
    pub fn chapter_n(&self, index: usize) -> String {
        format!("{} {}", self.chapter, index + 1)
    }

    /// The authors joined for display: "A", "A and B", "A, B and C".
    pub fn authors(&self, authors: &[String]) -> String {
        match authors {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.and),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_primary_language_subtag() {
        assert_eq!(for_language("de-AT").glossary, "Glossar");
        assert_eq!(for_language("FR").contents, "Table des matières");
        assert_eq!(for_language("en-GB").works_cited, "Works Cited");
        assert_eq!(for_language("pt-BR").works_cited, "Works Cited");
        let en = for_language("en");
        assert_eq!(
            en.authors(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
        assert_eq!(for_language("es").chapter_n(2), "Capítulo 3");
    }
}
