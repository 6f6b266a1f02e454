//! The content files of one load: their texts as read, and their values
//! as parsed, before any check across fields.

use serde::de::DeserializeOwned;

use super::characters::{code_point, forbidden};
use super::diagnostic::Diagnostic;
use super::discover::discover;
use super::markdown_file::{self, MarkdownFile};
use super::model::{
    AseicFile, AsemFile, EcoInnovationFile, GlossaryFile, MembersFile, NewsFrontMatter, PageFrontMatter, SiteFile,
    SmeFile, TextPageFile, UiFile,
};
use super::parse_error;
use super::source::{ContentSource, FILES, GLOSSARY, OpenSource};
use super::translation::{
    AseicWords, AsemWords, DATA_FIELDS, EcoInnovationWords, GlossaryWords, MembersWords, PageWords, SiteWords,
    SmeWords, TextPageWords, UiWords,
};
use crate::site::MediaKind;
use crate::util::hash::content_hash;

/// The text of every content file, as read for one load.
#[derive(Debug, Default)]
pub struct SourceTexts {
    /// The fixed files to parse.
    texts: Vec<(&'static str, String)>,
    /// Every file read as text, by its path in the content folder: the
    /// fixed files, the pages and the news, parsed or not.
    all: Vec<(String, String)>,
    /// The media files' names and hashes, for the version.
    media: Vec<(String, String)>,
}

impl SourceTexts {
    /// The text of `file`, or "" when it could not be read.
    pub fn text(&self, file: &str) -> &str {
        self.all.iter().find(|(name, _)| name == file).map_or("", |(_, text)| text)
    }

    /// The first 16 hex digits of a SHA-256 over every file's name and
    /// contents: the same files give the same version.
    pub fn version(&self) -> String {
        let mut all = Vec::new();
        for (name, text) in self.all.iter().chain(&self.media) {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(text.as_bytes());
            all.push(0);
        }
        content_hash(&all)
    }

    fn remember(&mut self, file: &str, text: &str) {
        self.all.push((file.to_owned(), text.to_owned()));
    }
}

/// A media file as read.
#[derive(Debug)]
pub struct MediaRead {
    /// `media/launch.jpg`.
    pub file: String,
    pub kind: MediaKind,
    pub bytes: Vec<u8>,
}

/// Every content file that could be read and parsed, in its shape: a fixed
/// file that could not be is `None`, a page left out, and its problem is
/// reported.
#[derive(Debug, Default)]
pub struct ParsedFiles {
    pub site: Option<SiteFile>,
    pub aseic: Option<AseicFile>,
    pub asem: Option<AsemFile>,
    pub members: Option<MembersFile>,
    pub eco_innovation: Option<EcoInnovationFile>,
    pub sme: Option<SmeFile>,
    pub accessibility: Option<TextPageFile>,
    pub ui: Option<UiFile>,
    /// `glossary.toml`, when the content has one.
    pub glossary: Option<GlossaryFile>,
    pub pages: Vec<MarkdownFile<PageFrontMatter>>,
    pub news: Vec<MarkdownFile<NewsFrontMatter>>,
    pub media: Vec<MediaRead>,
    /// The Markdown and media files found that could not be read or parsed
    /// (each with its problem reported): they exist, so a link to one is
    /// not a link to nothing.
    pub unread: Vec<String>,
    /// The files the site does not read (`members (copy).toml`,
    /// `media/Thumbs.db`), and what other TOML tools would refuse in the
    /// files it does (see `portability`): worth a warning, but never a
    /// reason to keep a good change from going live.
    pub strays: Vec<Diagnostic>,
    /// The translation into each language beside the default, in the
    /// order `site.toml` lists them.
    pub translations: Vec<TranslationFiles>,
}

/// The files of one translation (`ko/…`): each fixed file that is there
/// and parsed (`None` when it is not there, or could not be parsed, its
/// problem reported), and the pages and news it translates.
#[derive(Debug, Default)]
pub struct TranslationFiles {
    /// The language's tag: the folder's name.
    pub tag: String,
    pub site: Option<SiteWords>,
    pub aseic: Option<AseicWords>,
    pub asem: Option<AsemWords>,
    pub members: Option<MembersWords>,
    pub eco_innovation: Option<EcoInnovationWords>,
    pub sme: Option<SmeWords>,
    pub accessibility: Option<TextPageWords>,
    pub ui: Option<UiWords>,
    pub glossary: Option<GlossaryWords>,
    /// `ko/pages/history.md`, each beside the default language's page.
    pub pages: Vec<MarkdownFile<PageWords>>,
    pub news: Vec<MarkdownFile<PageWords>>,
}

impl TranslationFiles {
    /// The path in the content folder of the translation of `file`:
    /// `ko/asem.toml`.
    pub fn path(&self, file: &str) -> String {
        format!("{}/{file}", self.tag)
    }
}

/// Reads and parses every content file, without the checks across fields:
/// what could be parsed, and the problems of what could not.
pub fn read_and_parse(source: &ContentSource) -> (SourceTexts, ParsedFiles, Vec<Diagnostic>) {
    let mut texts = SourceTexts::default();
    let mut problems = Vec::new();
    let opened = match source.open() {
        Ok(opened) => opened,
        Err(problem) => return (texts, ParsedFiles::default(), vec![problem]),
    };
    for file in FILES {
        if let Some(text) = read_text(&opened, file, &mut texts, &mut problems) {
            texts.texts.push((file, text));
        }
    }
    let mut parsed = parse_all(&texts, &mut problems);
    // The glossary is optional: read when it is there.
    if opened.entries("").iter().any(|entry| entry.path == GLOSSARY)
        && let Some(text) = read_text(&opened, GLOSSARY, &mut texts, &mut problems)
    {
        parsed.glossary = parse_text(GLOSSARY, &text, &mut problems);
    }
    let languages: Vec<String> = parsed
        .site
        .as_ref()
        .map(|site| site.languages.iter().skip(1).map(|l| l.tag.get_ref().trim().to_owned()).collect())
        .unwrap_or_default();
    let found = discover(&opened, &languages);
    parsed.strays = found.strays;
    problems.extend(found.misnamed);
    for translation in found.translations {
        let files = read_translation(&opened, translation, &mut texts, &mut problems, &mut parsed.unread);
        parsed.translations.push(files);
    }
    parsed.pages = read_markdown(&opened, found.pages, &mut texts, &mut problems, &mut parsed.unread);
    parsed.news = read_markdown(&opened, found.news, &mut texts, &mut problems, &mut parsed.unread);
    for (file, kind) in found.media {
        match opened.read_media(&file) {
            Ok(bytes) => {
                texts.media.push((file.clone(), content_hash(&bytes)));
                parsed.media.push(MediaRead { file, kind, bytes });
            }
            Err(problem) => {
                problems.push(problem);
                parsed.unread.push(file);
            }
        }
    }
    for (file, text) in texts.all.iter().filter(|(file, _)| file.ends_with(".toml")) {
        parsed.strays.extend(super::portability::warnings(file, text));
    }
    (texts, parsed, problems)
}

/// The files of one translation, read and parsed as far as they can be.
fn read_translation(
    opened: &OpenSource,
    found: super::discover::FoundTranslation,
    texts: &mut SourceTexts,
    problems: &mut Vec<Diagnostic>,
    unread: &mut Vec<String>,
) -> TranslationFiles {
    let mut files = TranslationFiles { tag: found.tag, ..TranslationFiles::default() };
    let mut one = |file: &str| -> Option<(String, String)> {
        let path = files.path(file);
        if !found.files.contains(&path) {
            return None;
        }
        read_text(opened, &path, texts, problems).map(|text| (path, text))
    };
    let site = one("site.toml");
    let aseic = one("aseic.toml");
    let asem = one("asem.toml");
    let members = one("members.toml");
    let eco_innovation = one("eco_innovation.toml");
    let sme = one("sme.toml");
    let accessibility = one("accessibility.toml");
    let ui = one("ui.toml");
    let glossary = one(GLOSSARY);
    files.site = site.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.aseic = aseic.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.asem = asem.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.members = members.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.eco_innovation = eco_innovation.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.sme = sme.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.accessibility = accessibility.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.ui = ui.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.glossary = glossary.and_then(|(path, text)| parse_words(&path, &text, problems));
    files.pages = read_markdown_with(opened, found.pages, texts, problems, unread, translation_error);
    files.news = read_markdown_with(opened, found.news, texts, problems, unread, translation_error);
    files
}

/// The parser's `error` in a translation's `file`, in an editor's words.
fn translation_error(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    data_in_translation(file, text, error).unwrap_or_else(|| parse_error::diagnostic(file, text, error))
}

/// Parses a translation's file: as any file, but a field that holds data in
/// the default language's files is named as such, with the way out.
fn parse_words<T: DeserializeOwned>(file: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(e) => {
            problems.push(translation_error(file, text, &e));
            None
        }
    }
}

/// The problem of a translation that repeats a field of data, if that is
/// what the parser refused.
pub fn data_in_translation(file: &str, text: &str, error: &toml::de::Error) -> Option<Diagnostic> {
    let field = error.message().strip_prefix("unknown field `")?.split('`').next()?;
    if !DATA_FIELDS.contains(&field) {
        return None;
    }
    let original = file.split_once('/').map_or(file, |(_, rest)| rest);
    let message = format!(
        "`{field}` is data, which only the default language's file ({original}) gives: a translation holds words only"
    );
    let hint = format!("remove `{field}` from {file}: the value in {original} shows in every language");
    Some(
        match error.span() {
            Some(span) => Diagnostic::at(file, text, span, message),
            None => Diagnostic::whole_file(file, message),
        }
        .with_hint(hint),
    )
}

/// The Markdown files `files`, each read and its front matter parsed; a
/// file that cannot be is reported, and named in `unread`.
fn read_markdown<F: DeserializeOwned>(
    opened: &OpenSource,
    files: Vec<String>,
    texts: &mut SourceTexts,
    problems: &mut Vec<Diagnostic>,
    unread: &mut Vec<String>,
) -> Vec<MarkdownFile<F>> {
    read_markdown_with(opened, files, texts, problems, unread, parse_error::diagnostic)
}

/// As `read_markdown`, with the parser's errors told by `explain`.
fn read_markdown_with<F: DeserializeOwned>(
    opened: &OpenSource,
    files: Vec<String>,
    texts: &mut SourceTexts,
    problems: &mut Vec<Diagnostic>,
    unread: &mut Vec<String>,
    explain: fn(&str, &str, &toml::de::Error) -> Diagnostic,
) -> Vec<MarkdownFile<F>> {
    let mut parsed = Vec::new();
    for file in files {
        match read_text(opened, &file, texts, problems).map(|text| markdown_file::parse_with(&file, text, explain)) {
            Some(Ok(markdown)) => parsed.push(markdown),
            Some(Err(problem)) => {
                problems.push(problem);
                unread.push(file);
            }
            None => unread.push(file),
        }
    }
    parsed
}

/// The text of `file`: read, UTF-8, and free of characters no page may
/// show; or its problems, reported.
fn read_text(
    opened: &OpenSource,
    file: &str,
    texts: &mut SourceTexts,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = match opened.read(file).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            problems.push(invalid_utf8(file, e));
            return None;
        }
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    texts.remember(file, &text);
    let unseen = unseen_characters(file, &text);
    if unseen.is_empty() {
        Some(text)
    } else {
        // Reported here, exactly; the parser's own word on them would only confuse.
        problems.extend(unseen);
        None
    }
}

fn parse_all(texts: &SourceTexts, problems: &mut Vec<Diagnostic>) -> ParsedFiles {
    ParsedFiles {
        pages: Vec::new(),
        news: Vec::new(),
        media: Vec::new(),
        unread: Vec::new(),
        strays: Vec::new(),
        translations: Vec::new(),
        site: parse(texts, "site.toml", problems),
        aseic: parse(texts, "aseic.toml", problems),
        asem: parse(texts, "asem.toml", problems),
        members: parse(texts, "members.toml", problems),
        eco_innovation: parse(texts, "eco_innovation.toml", problems),
        sme: parse(texts, "sme.toml", problems),
        accessibility: parse(texts, "accessibility.toml", problems),
        ui: parse(texts, "ui.toml", problems),
        glossary: None,
    }
}

/// Parses one file; a file that could not be read is skipped (already reported).
fn parse<T: DeserializeOwned>(texts: &SourceTexts, file: &'static str, problems: &mut Vec<Diagnostic>) -> Option<T> {
    let (_, text) = texts.texts.iter().find(|(name, _)| *name == file)?;
    parse_text(file, text, problems)
}

/// Parses `text`, the contents of `file`; its problem is reported.
fn parse_text<T: DeserializeOwned>(file: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(e) => {
            problems.push(parse_error::diagnostic(file, text, &e));
            None
        }
    }
}

fn invalid_utf8(file: &str, error: std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    let valid_up_to = error.utf8_error().valid_up_to();
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic {
        file: file.to_owned(),
        line,
        column,
        message: format!("the file is not valid UTF-8 (byte {:#04x})", bytes[valid_up_to]),
        source_line: None,
        hint: Some("save the file as UTF-8 in your editor".to_owned()),
        draft: false,
    }
}

/// At most this many are reported per file: one slip is usually pasted
/// many times, and the first few show where.
const MAX_REPORTED: usize = 5;

/// A problem at each forbidden character written into `text` as it is
/// (a carriage return counts only outside a CRLF line break).
fn unseen_characters(file: &str, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let lone_return = c == '\r' && chars.peek().is_none_or(|(_, next)| *next != '\n');
        let what = if lone_return { Some("a carriage return without a line break") } else { forbidden(c) };
        if let Some(what) = what {
            let message = format!("the text holds {what} ({}), which no page may show", code_point(c));
            problems.push(
                Diagnostic::at(file, text, offset..offset + c.len_utf8(), message)
                    .with_hint("delete it: it is invisible in most editors, so delete and retype the word around it"),
            );
            if problems.len() == MAX_REPORTED {
                break;
            }
        }
    }
    problems
}
