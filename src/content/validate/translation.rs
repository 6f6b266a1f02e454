//! A translation, checked and laid over the site in its default language:
//! the site in that language. Each text the translation gives is checked as
//! any text is (and a phrase of the interface must hold the placeholders
//! the default language's holds); each it lacks is the default language's,
//! marked as such on the page, and listed, never a problem. A record the
//! default language does not have (a slug mistyped) is a problem, with the
//! nearest key as its hint.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::Checker;
use super::pages::Body;
use super::report::{MissingText, Translated};
use crate::content::files::TranslationFiles;
use crate::content::markdown_file::MarkdownFile;
use crate::content::model::Text;
use crate::content::suggest::closest;
use crate::content::translation::{Key, PageWords, UiWords};
use crate::site::ui::{Described, Phrase, Piece, Ui, pieces};
use crate::site::{Language, Site, Words, slug_from_name};

/// What a translation gives and lacks, counted as it is laid over.
pub(super) struct Tally {
    /// The default language's tag, which marks a text not translated.
    default: Arc<str>,
    texts: usize,
    missing: Vec<MissingText>,
}

impl Checker<'_> {
    /// The site in `language`, from the default language's `site` and the
    /// translation's `files`, with the bodies of its pages for the checks
    /// of their links.
    pub(super) fn translation(
        &mut self,
        site: &Site,
        bodies: &[Body],
        files: &TranslationFiles,
        language: Language,
    ) -> (Translated, Vec<Body>) {
        let mut tally = Tally { default: Arc::clone(&site.language.tag), texts: 0, missing: Vec::new() };
        let mut out = site.clone();
        out.language = language;
        out.warnings = Vec::new();
        let t = &mut tally;
        self.site_words(t, &mut out, files);
        self.aseic_words(t, &mut out, files);
        self.members_words(t, &mut out, files);
        self.asem_words(t, &mut out, files);
        self.eco_words(t, &mut out, files);
        self.sme_words(t, &mut out, files);
        self.accessibility_words(t, &mut out, files);
        out.abbreviations = self.glossary_words(t, &site.abbreviations, files);
        // Sources keep the titles they are published under.
        for source in all_sources(&mut out) {
            source.title = source.title.marked(&t.default);
        }
        let ui = self.ui_words(t, &site.ui, files, &out.language);
        for summit in &mut out.asem.summits {
            summit.ordinal = ui.ordinal(summit.number);
        }
        out.ui = Arc::new(ui);
        let translated_bodies = self.written_words(t, &mut out, bodies, files);
        out.missing_texts = tally.missing.len();
        (Translated { site: out, texts: tally.texts, missing: tally.missing }, translated_bodies)
    }

    /// One text of a translation's `file`, at `key`: the `given` words,
    /// checked; or, when there are none, the default language's `english`,
    /// marked and listed as missing.
    pub(super) fn word(
        &mut self,
        t: &mut Tally,
        file: &str,
        key: &str,
        english: &Words,
        given: Option<&Text>,
    ) -> Words {
        t.texts += 1;
        match given {
            Some(given) => self.text(file, key, given),
            None => {
                t.missing.push(MissingText { file: file.to_owned(), key: key.to_owned(), text: english.to_string() });
                english.marked(&t.default)
            }
        }
    }

    /// A text the default language may leave out: translated when it has
    /// one; a translation of a text it does not have is a problem.
    fn optional_word(
        &mut self,
        t: &mut Tally,
        file: &str,
        key: &str,
        english: Option<&Words>,
        given: Option<&Text>,
    ) -> Option<Words> {
        match (english, given) {
            (Some(english), given) => Some(self.word(t, file, key, english, given)),
            (None, Some(given)) => {
                self.no_counterpart(
                    file,
                    given,
                    format!("`{key}` translates nothing: the default language has no text here"),
                );
                None
            }
            (None, None) => None,
        }
    }

    /// A list of texts (paragraphs, points), item for item: an item left
    /// out is the default language's; one too many is a problem.
    fn word_list(&mut self, t: &mut Tally, file: &str, key: &str, english: &[Words], given: &[Text]) -> Vec<Words> {
        if let Some(extra) = given.get(english.len()) {
            let message = format!(
                "`{key}` has {} items, and the default language's {}: each item translates the one at its place",
                given.len(),
                english.len()
            );
            self.no_counterpart(file, extra, message);
        }
        english
            .iter()
            .enumerate()
            .map(|(i, words)| self.word(t, file, &format!("{key}.{}", i + 1), words, given.get(i)))
            .collect()
    }

    /// A problem at `given`, which translates nothing.
    fn no_counterpart(&mut self, file: &str, given: &Text, message: String) {
        let hint = "remove it, or give the default language's file the text first".to_owned();
        self.error(file, given.span(), message, Some(hint));
    }

    /// A problem at each key of `given` that names no record of the
    /// default language (`known`), with the nearest as its hint.
    pub(super) fn unknown_keys<V>(&mut self, file: &str, table: &str, given: &BTreeMap<Key, V>, known: &[String]) {
        for key in given.keys() {
            let name = key.get_ref();
            if known.iter().any(|k| k == name) {
                continue;
            }
            let hint = match closest(name, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean [{table}.{}]?", toml_key(near)),
                None if known.is_empty() => "the default language's file has no such records: remove it".to_owned(),
                None => format!(
                    "the keys here are {}",
                    known.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
                ),
            };
            let message = format!("[{table}.{}] has no counterpart in the default language's file", toml_key(name));
            self.error(file, key.span(), message, Some(hint));
        }
    }

    fn site_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("site.toml");
        let f = files.site.as_ref();
        let given = |pick: fn(&crate::content::translation::SiteWords) -> Option<&Text>| f.and_then(pick);
        out.name = self.word(t, &file, "name", &out.name.clone(), given(|f| f.name.as_ref()));
        out.full_name = self.word(t, &file, "full_name", &out.full_name.clone(), given(|f| f.full_name.as_ref()));
        out.description =
            self.word(t, &file, "description", &out.description.clone(), given(|f| f.description.as_ref()));
        out.footer = self.word(t, &file, "footer.text", &out.footer.clone(), f.and_then(|f| f.footer.text.as_ref()));
        let empty = BTreeMap::new();
        let menu = f.map_or(&empty, |f| &f.menu);
        let paths: Vec<String> = out.menu.iter().map(|m| m.path.clone()).collect();
        self.unknown_keys(&file, "menu", menu, &paths);
        for item in &mut out.menu {
            let words = menu.get(&Key::fixed(item.path.clone()));
            let key = format!("menu.\"{}\"", item.path);
            item.label =
                self.word(t, &file, &format!("{key}.label"), &item.label.clone(), words.and_then(|w| w.label.as_ref()));
            item.summary = self.word(
                t,
                &file,
                &format!("{key}.summary"),
                &item.summary.clone(),
                words.and_then(|w| w.summary.as_ref()),
            );
        }
        let empty_links = BTreeMap::new();
        let links = f.map_or(&empty_links, |f| &f.footer.links);
        let paths: Vec<String> = out.footer_links.iter().map(|l| l.path.clone()).collect();
        self.unknown_keys(&file, "footer.links", links, &paths);
        for link in &mut out.footer_links {
            let key = format!("footer.links.\"{}\"", link.path);
            link.label = self.word(t, &file, &key, &link.label.clone(), links.get(&Key::fixed(link.path.clone())));
        }
        if let Some(contact) = &mut out.contact {
            let words = f.and_then(|f| f.contact.as_ref());
            contact.name =
                self.word(t, &file, "contact.name", &contact.name.clone(), words.and_then(|w| w.name.as_ref()));
            let address = words.map_or(&[][..], |w| &w.address[..]);
            contact.address = self.word_list(t, &file, "contact.address", &contact.address.clone(), address);
        }
    }

    fn aseic_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("aseic.toml");
        let f = files.aseic.as_ref();
        let a = &mut out.aseic;
        a.title = self.word(t, &file, "title", &a.title.clone(), f.and_then(|f| f.title.as_ref()));
        a.summary =
            self.optional_word(t, &file, "summary", a.summary.clone().as_ref(), f.and_then(|f| f.summary.as_ref()));
        a.paragraphs = self.word_list(t, &file, "paragraphs", &a.paragraphs.clone(), f.map_or(&[], |f| &f.paragraphs));
    }

    fn asem_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("asem.toml");
        let f = files.asem.as_ref();
        let names: HashMap<String, Words> = out.partners.iter().map(|p| (p.slug.clone(), p.name.clone())).collect();
        let a = &mut out.asem;
        a.title = self.word(t, &file, "title", &a.title.clone(), f.and_then(|f| f.title.as_ref()));
        a.summary =
            self.optional_word(t, &file, "summary", a.summary.clone().as_ref(), f.and_then(|f| f.summary.as_ref()));
        let partners = a.total_partners;
        a.history = self
            .word_list(t, &file, "history", &a.history.clone(), f.map_or(&[], |f| &f.history))
            .iter()
            .map(|words| super::asem::with_partners(words, partners))
            .collect();
        a.history_updates = self.word_list(
            t,
            &file,
            "history_updates",
            &a.history_updates.clone(),
            f.map_or(&[], |f| &f.history_updates),
        );
        a.pillars_heading = self.word(
            t,
            &file,
            "pillars_heading",
            &a.pillars_heading.clone(),
            f.and_then(|f| f.pillars_heading.as_ref()),
        );
        a.pillars_intro =
            self.word(t, &file, "pillars_intro", &a.pillars_intro.clone(), f.and_then(|f| f.pillars_intro.as_ref()));
        a.pillars = self.word_list(t, &file, "pillars", &a.pillars.clone(), f.map_or(&[], |f| &f.pillars));
        a.process = self.word_list(t, &file, "process", &a.process.clone(), f.map_or(&[], |f| &f.process));
        a.summits_heading = self.word(
            t,
            &file,
            "summits_heading",
            &a.summits_heading.clone(),
            f.and_then(|f| f.summits_heading.as_ref()),
        );
        let empty = BTreeMap::new();
        let summits = f.map_or(&empty, |f| &f.summit);
        let numbers: Vec<String> = a.summits.iter().map(|s| s.number.to_string()).collect();
        self.unknown_keys(&file, "summit", summits, &numbers);
        for summit in &mut a.summits {
            let words = summits.get(&Key::fixed(summit.number.to_string()));
            let key = format!("summit.{}", summit.number);
            let given = |pick: fn(&crate::content::translation::SummitWords) -> Option<&Text>| words.and_then(pick);
            summit.city = self.word(t, &file, &format!("{key}.city"), &summit.city.clone(), given(|w| w.city.as_ref()));
            summit.country =
                self.word(t, &file, &format!("{key}.country"), &summit.country.clone(), given(|w| w.country.as_ref()));
            summit.host = self.optional_word(
                t,
                &file,
                &format!("{key}.host"),
                summit.host.clone().as_ref(),
                given(|w| w.host.as_ref()),
            );
            let theme = summit.theme.clone();
            summit.theme =
                self.optional_word(t, &file, &format!("{key}.theme"), theme.as_ref(), given(|w| w.theme.as_ref()));
            // A theme translated keeps its official words beside it.
            summit.official_theme =
                theme.filter(|_| given(|w| w.theme.as_ref()).is_some()).map(|official| official.marked(&t.default));
            summit.note = self.optional_word(
                t,
                &file,
                &format!("{key}.note"),
                summit.note.clone().as_ref(),
                given(|w| w.note.as_ref()),
            );
            for partner in &mut summit.joined {
                if let Some(name) = names.get(&partner.slug) {
                    partner.name = name.clone();
                }
            }
        }
    }

    fn members_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("members.toml");
        let f = files.members.as_ref();
        out.directory_summary = self.optional_word(
            t,
            &file,
            "summary",
            out.directory_summary.clone().as_ref(),
            f.and_then(|f| f.summary.as_ref()),
        );
        let empty = BTreeMap::new();
        let partners = f.map_or(&empty, |f| &f.partner);
        let slugs: Vec<String> = out.partners.iter().map(|p| p.slug.clone()).collect();
        self.unknown_keys(&file, "partner", partners, &slugs);
        for partner in &mut out.partners {
            let words = partners.get(&Key::fixed(partner.slug.clone()));
            let key = format!("partner.{}", partner.slug);
            let english = partner.name.clone();
            partner.name = self.word(t, &file, &format!("{key}.name"), &english, words.and_then(|w| w.name.as_ref()));
            partner.also = std::iter::once(english.to_string())
                .chain(words.into_iter().flat_map(|w| &w.also).map(|also| self.text(&file, "also", also).to_string()))
                .collect();
            let empty = BTreeMap::new();
            let organisations = words.map_or(&empty, |w| &w.organisations);
            let known: Vec<String> = partner.organisations.iter().map(|o| o.name.to_string()).collect();
            self.unknown_keys(&file, &format!("{key}.organisations"), organisations, &known);
            // An organisation keeps its official name unless the translation
            // gives a well-established one: not a text missing.
            for organisation in &mut partner.organisations {
                organisation.name = match organisations.get(&Key::fixed(organisation.name.to_string())) {
                    Some(name) => {
                        // The name in this language replaces the original and its gloss.
                        organisation.lang = None;
                        organisation.gloss = None;
                        self.text(&file, "organisations", name)
                    }
                    // A name in a third language keeps its own `lang`.
                    None if organisation.lang.is_some() => {
                        organisation.gloss = organisation.gloss.take().map(|gloss| gloss.marked(&t.default));
                        organisation.name.clone()
                    }
                    None => organisation.name.marked(&t.default),
                };
            }
        }
        out.partners.sort_by_key(|p| p.name.to_lowercase());
    }

    fn eco_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("eco_innovation.toml");
        let f = files.eco_innovation.as_ref();
        let e = &mut out.eco_innovation;
        e.title = self.word(t, &file, "title", &e.title.clone(), f.and_then(|f| f.title.as_ref()));
        e.summary =
            self.optional_word(t, &file, "summary", e.summary.clone().as_ref(), f.and_then(|f| f.summary.as_ref()));
        e.key_points = self.word_list(t, &file, "key_points", &e.key_points.clone(), f.map_or(&[], |f| &f.key_points));
        let empty = BTreeMap::new();
        let given = f.map_or(&empty, |f| &f.definition);
        let keys = record_keys(e.definitions.iter().map(|d| d.source.as_str()));
        self.unknown_keys(&file, "definition", given, &keys);
        for (definition, slug) in e.definitions.iter_mut().zip(&keys) {
            let words = given.get(&Key::fixed(slug.clone()));
            let key = format!("definition.{slug}");
            let pick = |f: fn(&crate::content::translation::DefinitionWords) -> Option<&Text>| words.and_then(f);
            definition.source =
                self.word(t, &file, &format!("{key}.source"), &definition.source.clone(), pick(|w| w.source.as_ref()));
            definition.lead =
                self.word(t, &file, &format!("{key}.lead"), &definition.lead.clone(), pick(|w| w.lead.as_ref()));
            definition.quote =
                self.word(t, &file, &format!("{key}.quote"), &definition.quote.clone(), pick(|w| w.quote.as_ref()));
            definition.note = self.optional_word(
                t,
                &file,
                &format!("{key}.note"),
                definition.note.clone().as_ref(),
                pick(|w| w.note.as_ref()),
            );
            definition.update = self.optional_word(
                t,
                &file,
                &format!("{key}.update"),
                definition.update.clone().as_ref(),
                pick(|w| w.update.as_ref()),
            );
        }
    }

    fn sme_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("sme.toml");
        let f = files.sme.as_ref();
        let s = &mut out.sme;
        let one = |pick: fn(&crate::content::translation::SmeWords) -> Option<&Text>| f.and_then(pick);
        s.title = self.word(t, &file, "title", &s.title.clone(), one(|f| f.title.as_ref()));
        s.summary = self.optional_word(t, &file, "summary", s.summary.clone().as_ref(), one(|f| f.summary.as_ref()));
        s.intro = self.word_list(t, &file, "intro", &s.intro.clone(), f.map_or(&[], |f| &f.intro));
        s.intro_updates =
            self.word_list(t, &file, "intro_updates", &s.intro_updates.clone(), f.map_or(&[], |f| &f.intro_updates));
        s.definition_heading = self.word(
            t,
            &file,
            "definition_heading",
            &s.definition_heading.clone(),
            one(|f| f.definition_heading.as_ref()),
        );
        s.definition = self.word_list(t, &file, "definition", &s.definition.clone(), f.map_or(&[], |f| &f.definition));
        s.statements_heading = self.word(
            t,
            &file,
            "statements_heading",
            &s.statements_heading.clone(),
            one(|f| f.statements_heading.as_ref()),
        );
        s.currency_name =
            self.word(t, &file, "currency_name", &s.currency_name.clone(), one(|f| f.currency_name.as_ref()));
        let empty = BTreeMap::new();
        let statements = f.map_or(&empty, |f| &f.statement);
        let keys = record_keys(s.statements.iter().map(|st| st.source.as_str()));
        self.unknown_keys(&file, "statement", statements, &keys);
        for (statement, slug) in s.statements.iter_mut().zip(&keys) {
            let words = statements.get(&Key::fixed(slug.clone()));
            let key = format!("statement.{slug}");
            let pick = |f: fn(&crate::content::translation::StatementWords) -> Option<&Text>| words.and_then(f);
            statement.text =
                self.word(t, &file, &format!("{key}.text"), &statement.text.clone(), pick(|w| w.text.as_ref()));
            statement.source =
                self.word(t, &file, &format!("{key}.source"), &statement.source.clone(), pick(|w| w.source.as_ref()));
            statement.note = self.optional_word(
                t,
                &file,
                &format!("{key}.note"),
                statement.note.clone().as_ref(),
                pick(|w| w.note.as_ref()),
            );
        }
        let empty = BTreeMap::new();
        let categories = f.map_or(&empty, |f| &f.category);
        let names: Vec<String> = s.categories.iter().map(|c| c.name.clone()).collect();
        self.unknown_keys(&file, "category", categories, &names);
        for category in &mut s.categories {
            let words = categories.get(&Key::fixed(category.name.clone()));
            let key = format!("category.{}", category.name);
            category.label = self.word(
                t,
                &file,
                &format!("{key}.name"),
                &category.label.clone(),
                words.and_then(|w| w.name.as_ref()),
            );
            category.size = self.word(
                t,
                &file,
                &format!("{key}.size"),
                &category.size.clone(),
                words.and_then(|w| w.size.as_ref()),
            );
            // The default language may make it from `sme_check.enterprise`
            // and the size; a translation may name it whole all the same.
            category.enterprise = match (words.and_then(|w| w.enterprise.as_ref()), &category.enterprise) {
                (Some(given), _) => Some(self.text(&file, &format!("{key}.enterprise"), given)),
                (None, Some(english)) => {
                    Some(self.word(t, &file, &format!("{key}.enterprise"), &english.clone(), None))
                }
                (None, None) => None,
            };
        }
    }

    fn accessibility_words(&mut self, t: &mut Tally, out: &mut Site, files: &TranslationFiles) {
        let file = files.path("accessibility.toml");
        let f = files.accessibility.as_ref();
        let page = &mut out.accessibility;
        page.title = self.word(t, &file, "title", &page.title.clone(), f.and_then(|f| f.title.as_ref()));
        page.intro = self.word_list(t, &file, "intro", &page.intro.clone(), f.map_or(&[], |f| &f.intro));
        let empty = BTreeMap::new();
        let sections = f.map_or(&empty, |f| &f.section);
        let keys = record_keys(page.sections.iter().map(|s| s.heading.as_str()));
        self.unknown_keys(&file, "section", sections, &keys);
        for (section, slug) in page.sections.iter_mut().zip(&keys) {
            let words = sections.get(&Key::fixed(slug.clone()));
            let key = format!("section.{slug}");
            section.heading = self.word(
                t,
                &file,
                &format!("{key}.heading"),
                &section.heading.clone(),
                words.and_then(|w| w.heading.as_ref()),
            );
            let given = words.map_or(&[][..], |w| &w.paragraphs[..]);
            section.paragraphs =
                self.word_list(t, &file, &format!("{key}.paragraphs"), &section.paragraphs.clone(), given);
            let given = words.map_or(&[][..], |w| &w.points[..]);
            section.points = self.word_list(t, &file, &format!("{key}.points"), &section.points.clone(), given);
        }
    }

    /// The pages and news in the translation's words, each from its file
    /// of the same name (`ko/pages/history.md`); one with no file is the
    /// default language's, its body marked. A file with no page of the
    /// default language is a problem.
    fn written_words(&mut self, t: &mut Tally, out: &mut Site, bodies: &[Body], files: &TranslationFiles) -> Vec<Body> {
        let mut translated = Vec::new();
        let pages: Vec<String> = bodies.iter().map(|b| b.file.clone()).collect();
        for words in files.pages.iter().chain(&files.news) {
            let original = words.file.split_once('/').map_or(words.file.as_str(), |(_, rest)| rest);
            if !pages.iter().any(|p| p == original) {
                let hint = match closest(original, pages.iter().map(String::as_str)) {
                    Some(near) => format!(
                        "did you mean {}/{near}? A translation has the name of the page it translates",
                        files.tag
                    ),
                    None => {
                        "write the page in the default language first, then translate it under the same name".to_owned()
                    }
                };
                self.error(
                    &words.file,
                    0..0,
                    format!("there is no page {original} for this file to translate"),
                    Some(hint),
                );
            }
        }
        for body in bodies {
            let words = files.pages.iter().chain(&files.news).find(|w| w.file == files.path(&body.file));
            let file = files.path(&body.file);
            let page = out.pages.iter_mut().find(|p| p.path == body.path);
            let item = out.news.iter_mut().find(|n| n.path == body.path);
            let (title, summary, text, text_lang, sources) = match (page, item) {
                (Some(p), _) => (&mut p.title, &mut p.summary, &mut p.body, &mut p.body_lang, p.sources.len()),
                (None, Some(n)) => (&mut n.title, &mut n.summary, &mut n.body, &mut n.body_lang, n.sources.len()),
                // A draft left out of the site: its translation is checked all the same.
                (None, None) => {
                    if let Some(words) = words {
                        self.page_words(words, sources_of(bodies, &body.file));
                        translated.push(translated_body(words, body));
                    }
                    continue;
                }
            };
            let front = words.map(|w| &w.front);
            *title = self.word(t, &file, "title", &title.clone(), front.and_then(|f| f.title.as_ref()));
            *summary = self.optional_word(
                t,
                &file,
                "summary",
                summary.clone().as_ref(),
                front.and_then(|f| f.summary.as_ref()),
            );
            t.texts += 1;
            match words {
                Some(words) => {
                    self.page_words(words, sources);
                    *text = words.body().to_owned();
                    *text_lang = None;
                    translated.push(translated_body(words, body));
                }
                None => {
                    let start: String = text.chars().take(60).collect();
                    t.missing.push(MissingText { file, key: "body".to_owned(), text: start });
                    *text_lang = Some(Arc::clone(&t.default));
                    translated.push(Body { left_out: body.left_out, ..body.clone() });
                }
            }
        }
        translated
    }

    /// The checks of a translated page's body of its own: its notes name
    /// the default language's sources, and it has no main heading.
    fn page_words(&mut self, words: &MarkdownFile<PageWords>, sources: usize) {
        self.notes(&words.file, words.body.start, words.body(), sources);
    }

    /// The interface's phrases in the translation's words: each it gives
    /// holds the placeholders of the default language's; each it lacks is
    /// the default language's, marked. `page.language` is the language's
    /// own tag.
    fn ui_words(&mut self, t: &mut Tally, english: &Ui, files: &TranslationFiles, language: &Language) -> Ui {
        let file = files.path("ui.toml");
        let empty = BTreeMap::new();
        let given: &UiWords = files.ui.as_ref().unwrap_or(&empty);
        let known: Vec<&str> = Ui::<Phrase>::KEYS.iter().map(|k| k.key).collect();
        for (section, phrases) in given {
            for key in phrases.keys() {
                let full = format!("{}.{}", section.get_ref(), key.get_ref());
                if !known.contains(&full.as_str()) {
                    let hint = match closest(&full, known.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "the keys are those of ui.toml".to_owned(),
                    };
                    self.error(&file, key.span(), format!("`{full}` is no phrase of ui.toml"), Some(hint));
                }
            }
        }
        let mut defaults: HashMap<&'static str, Phrase> = HashMap::new();
        english.map(|d| defaults.insert(d.key, d.value.clone()));
        let lookup = |key: &str| {
            let (section, name) = key.split_once('.')?;
            given.get(&Key::fixed(section.to_owned()))?.get(&Key::fixed(name.to_owned()))
        };
        let mut ui = Ui::build(|key| {
            if key.key == "page.language" {
                if let Some(value) = lookup(key.key) {
                    self.own_tag(&file, value, language);
                }
                return Some(Phrase::new(language.tag.to_string()));
            }
            t.texts += usize::from(!key.optional);
            let Some(value) = lookup(key.key) else {
                // An optional phrase is each language's own: left out, it is out.
                let english = defaults.get(key.key).filter(|_| !key.optional)?;
                t.missing.push(MissingText { file: file.clone(), key: key.key.to_owned(), text: english.to_string() });
                return Some(Phrase::foreign(english.as_str(), Arc::clone(&t.default)));
            };
            let phrase = self.phrase(&file, Described { key: key.key, value, placeholders: key.placeholders });
            let wanted: Option<Vec<&str>> = match defaults.get(key.key) {
                // A phrase the default language gets wrong is reported there:
                // it is no measure of this one.
                Some(english) if !key.optional => well_formed(english.as_str(), key.placeholders),
                _ => Some(key.placeholders.to_vec()),
            };
            if let Some(wanted) = wanted {
                self.same_placeholders(&file, key.key, value, &phrase, &wanted);
            }
            Some(phrase)
        });
        ui.page.language = Phrase::new(language.tag.to_string());
        ui
    }

    /// `page.language` in a translation's ui.toml, if given, is the
    /// language of its folder.
    fn own_tag(&mut self, file: &str, value: &Text, language: &Language) {
        let given = value.get_ref().trim();
        if !given.eq_ignore_ascii_case(&language.tag) {
            self.error(
                file,
                value.span(),
                format!("`page.language` is \"{given}\", but this is the translation into \"{}\"", language.tag),
                Some("remove it: the folder's name says the language".to_owned()),
            );
        }
    }

    /// A problem when the translated `phrase` drops or invents a
    /// placeholder of the default language's (`wanted`).
    fn same_placeholders(&mut self, file: &str, key: &str, value: &Text, phrase: &Phrase, wanted: &[&str]) {
        let have = placeholders_of(phrase.as_str());
        let dropped: Vec<String> = wanted.iter().filter(|p| !have.contains(p)).map(|p| format!("{{{p}}}")).collect();
        if !dropped.is_empty() {
            let message = format!("`{key}` drops {}, which the default language's phrase holds", dropped.join(", "));
            let hint = format!("write {} where the value belongs in the sentence", dropped.join(" and "));
            self.error(file, value.span(), message, Some(hint));
        }
        // One the phrase may take but the default language's does not use is
        // refused by `phrase` when it is not taken at all; here, when it is.
        let invented: Vec<String> =
            have.iter().filter(|p| !wanted.contains(p) && key_takes(key, p)).map(|p| format!("{{{p}}}")).collect();
        if !invented.is_empty() {
            let message =
                format!("`{key}` holds {}, which the default language's phrase does not", invented.join(", "));
            let hint =
                format!("write only {}", wanted.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", "));
            self.error(file, value.span(), message, Some(hint));
        }
    }
}

/// Whether the phrase at `key` may take the placeholder `name` (one it
/// may not take is reported by `Checker::phrase`).
fn key_takes(key: &str, name: &str) -> bool {
    Ui::<Phrase>::KEYS.iter().any(|k| k.key == key && k.placeholders.contains(&name))
}

/// The placeholders of `text`, if it is a phrase as the checks want it:
/// every brace a placeholder, each one of those `allowed`.
fn well_formed<'a>(text: &'a str, allowed: &[&str]) -> Option<Vec<&'a str>> {
    let sound = pieces(text).all(|piece| match piece {
        Piece::Text(words) => !words.contains(['{', '}']),
        Piece::Placeholder(name) => allowed.contains(&name),
    });
    sound.then(|| placeholders_of(text))
}

/// The placeholders `text` holds, each once.
fn placeholders_of(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for piece in pieces(text) {
        if let Piece::Placeholder(name) = piece
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// The keys of records that have no slug of their own, made from their
/// names (`european-commission`), a second of the same name numbered
/// (`european-union-2`).
fn record_keys<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for name in names {
        let base = slug_from_name(name);
        let mut key = base.clone();
        let mut n = 1;
        while keys.contains(&key) {
            n += 1;
            key = format!("{base}-{n}");
        }
        keys.push(key);
    }
    keys
}

/// `key` as a TOML key: bare when it can be, quoted otherwise.
pub(super) fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        key.to_owned()
    } else {
        format!("\"{key}\"")
    }
}

/// Every source the site cites, for marking their titles.
fn all_sources(site: &mut Site) -> impl Iterator<Item = &mut crate::site::Source> {
    site.aseic
        .sources
        .iter_mut()
        .chain(&mut site.asem.sources)
        .chain(site.asem.summits.iter_mut().flat_map(|s| &mut s.sources))
        .chain(site.partners.iter_mut().flat_map(|p| &mut p.sources))
        .chain(site.eco_innovation.definitions.iter_mut().flat_map(|d| &mut d.sources))
        .chain(site.sme.statements.iter_mut().flat_map(|s| &mut s.sources))
        .chain(site.sme.categories.iter_mut().flat_map(|c| &mut c.sources))
        .chain(&mut site.sme.definition_sources)
        .chain(&mut site.sme.intro_sources)
        .chain(&mut site.directory_sources)
        .chain(site.pages.iter_mut().flat_map(|p| &mut p.sources))
        .chain(site.news.iter_mut().flat_map(|n| &mut n.sources))
}

/// How many sources the default language's page of `file` lists.
fn sources_of(bodies: &[Body], file: &str) -> usize {
    bodies.iter().find(|b| b.file == file).map_or(0, |b| b.sources)
}

/// The body of a translated page, for the checks of its links.
fn translated_body(words: &MarkdownFile<PageWords>, original: &Body) -> Body {
    Body {
        file: words.file.clone(),
        offset: words.body.start,
        text: words.body().to_owned(),
        path: original.path.clone(),
        left_out: original.left_out,
        sources: original.sources,
    }
}
