//! Finding the content files of a folder: the fixed files, the Markdown
//! pages and news, and the media; and naming every other file, with the
//! file it may have been meant to be.

use super::diagnostic::Diagnostic;
use super::source::{Entry, FILES, GLOSSARY, OpenSource};
use super::suggest::closest;
use crate::site::MediaKind;

/// The folders of a content folder, beside its files.
pub const PAGES: &str = "pages";
pub const NEWS: &str = "news";
pub const MEDIA: &str = "media";
/// JSON Schemas for editors' tools (`aseic schema`); the site ignores them.
pub const SCHEMAS: &str = super::schema::FOLDER;
const FOLDERS: [&str; 4] = [PAGES, NEWS, MEDIA, SCHEMAS];

/// The files one load reads beside the fixed ones.
#[derive(Debug, Default)]
pub struct Discovered {
    /// `pages/contact.md`, `pages/programme/2027.md`.
    pub pages: Vec<String>,
    /// `news/launch.md`.
    pub news: Vec<String>,
    /// `media/launch.jpg`, with what each is.
    pub media: Vec<(String, MediaKind)>,
    /// One problem for each file that is no content file.
    pub strays: Vec<Diagnostic>,
    /// A page or news item whose name ends in `.MD` (or another case): a
    /// problem, not a stray, as the editor meant it to be one.
    pub misnamed: Vec<Diagnostic>,
    /// The files of each translation, in the order of `languages`.
    pub translations: Vec<FoundTranslation>,
}

/// The files of one translation's folder (`ko/`).
#[derive(Debug, Default)]
pub struct FoundTranslation {
    pub tag: String,
    /// The fixed files it has: `ko/asem.toml`.
    pub files: Vec<String>,
    /// `ko/pages/history.md`.
    pub pages: Vec<String>,
    /// `ko/news/launch.md`.
    pub news: Vec<String>,
}

/// What `source` holds beside its fixed files; `languages` are the tags of
/// the languages beside the default, each a folder of its translation.
pub fn discover(source: &OpenSource, languages: &[String]) -> Discovered {
    let mut found = Discovered::default();
    for entry in source.entries("") {
        let name = entry.name();
        // A fixed file's name is known whatever it is: reading it says if it is no file.
        let known = FILES.contains(&name)
            || name == GLOSSARY
            || (entry.is_folder && (FOLDERS.contains(&name) || languages.iter().any(|tag| tag == name)));
        if !known {
            found.strays.push(stray_at_top(&entry));
        }
    }
    for tag in languages {
        let translation = translation(source, tag, &mut found.strays);
        found.translations.push(translation);
    }
    for entry in source.files_below(PAGES) {
        if entry.path.ends_with(".md") {
            found.pages.push(entry.path);
        } else if let Some(problem) = misnamed_markdown(&entry) {
            found.misnamed.push(problem);
        } else {
            found.strays.push(not_markdown(&entry, "a page"));
        }
    }
    for entry in source.files_below(NEWS) {
        if entry.path.ends_with(".md") && entry.path.matches('/').count() == 1 {
            found.news.push(entry.path);
        } else if let Some(problem) = misnamed_markdown(&entry) {
            found.misnamed.push(problem);
        } else if entry.path.ends_with(".md") {
            found.strays.push(
                Diagnostic::whole_file(&entry.path, "news items sit in news/ itself, not in a folder inside it")
                    .with_hint(format!("move it to news/{}", entry.name())),
            );
        } else {
            found.strays.push(not_markdown(&entry, "a news item"));
        }
    }
    for entry in source.files_below(MEDIA) {
        let kind = entry.name().rsplit_once('.').and_then(|(_, extension)| MediaKind::from_extension(extension));
        match kind {
            Some(kind) if entry.path.matches('/').count() == 1 => found.media.push((entry.path, kind)),
            Some(_) => found.strays.push(
                Diagnostic::whole_file(&entry.path, "media files sit in media/ itself, not in a folder inside it")
                    .with_hint(format!("move it to media/{}", entry.name())),
            ),
            None => found.strays.push(
                Diagnostic::whole_file(&entry.path, "the site serves no file of this kind").with_hint(
                    "use PNG, JPEG or WebP for photographs and drawings, SVG for diagrams, PDF for documents",
                ),
            ),
        }
    }
    found
}

/// The files of the translation in the folder `tag`: the fixed files, and
/// the pages and news under `pages/` and `news/`; anything else is a stray.
fn translation(source: &OpenSource, tag: &str, strays: &mut Vec<Diagnostic>) -> FoundTranslation {
    let mut found = FoundTranslation { tag: tag.to_owned(), ..FoundTranslation::default() };
    let pages = format!("{tag}/{PAGES}");
    let news = format!("{tag}/{NEWS}");
    for entry in source.files_below(tag) {
        let inside = entry.path[tag.len() + 1..].to_owned();
        if FILES.contains(&inside.as_str()) || inside == GLOSSARY {
            found.files.push(entry.path);
        } else if entry.path.starts_with(&format!("{pages}/")) && entry.path.ends_with(".md") {
            found.pages.push(entry.path);
        } else if entry.path.starts_with(&format!("{news}/")) && entry.path.ends_with(".md") {
            found.news.push(entry.path);
        } else {
            let hint = if inside.starts_with(&format!("{MEDIA}/")) {
                format!("media are the same in every language: put it in {MEDIA}/")
            } else {
                format!(
                    "a translation holds the words of {}, and of pages/ and news/, under the same names",
                    FILES.join(", ")
                )
            };
            strays.push(
                Diagnostic::whole_file(&entry.path, "the site does not read this file of the translation")
                    .with_hint(hint),
            );
        }
    }
    found
}

/// A file or folder at the top that the site does not read.
fn stray_at_top(entry: &Entry) -> Diagnostic {
    let known = FILES.iter().copied().chain(FOLDERS.iter().copied());
    let what = if entry.is_folder { "folder" } else { "file" };
    let near = closest(entry.name(), known).or_else(|| {
        // `members (copy).toml`, `sme.old.toml`: a content file's name in it.
        FILES.iter().copied().find(|file| entry.name().starts_with(file.trim_end_matches(".toml")))
    });
    let hint = match near {
        Some(file) if FOLDERS.contains(&file) => format!("did you mean the folder {file}/?"),
        Some(file) => format!("did you mean {file}? The site reads only its own files, so this one changes nothing"),
        None if entry.is_folder && crate::site::language::is_language_tag(entry.name()) => format!(
            "a translation's folder is read only for a language that site.toml lists: add {{ tag = \"{}\", name = \"…\" }} to its `languages`",
            entry.name()
        ),
        None => format!(
            "the site reads {} and the folders pages/, news/ and media/: move or remove this {what}",
            FILES.join(", ")
        ),
    };
    Diagnostic::whole_file(&entry.path, format!("the site does not read this {what}")).with_hint(hint)
}

/// A Markdown file whose ending is `.MD`, `.Md` or `.markdown`: the site
/// reads only `.md`, and the editor meant a page.
fn misnamed_markdown(entry: &Entry) -> Option<Diagnostic> {
    let (stem, ending) = entry.name().rsplit_once('.')?;
    let markdown = ending.eq_ignore_ascii_case("md") || ending.eq_ignore_ascii_case("markdown");
    markdown.then(|| {
        Diagnostic::whole_file(&entry.path, format!("the file ends in .{ending}, and the site reads only .md"))
            .with_hint(format!("rename it to {stem}.md"))
    })
}

fn not_markdown(entry: &Entry, what: &str) -> Diagnostic {
    Diagnostic::whole_file(&entry.path, format!("only Markdown files (.md) can be {what}"))
        .with_hint("rename it to end in .md, or move it out of the content folder (pictures go in media/)")
}
