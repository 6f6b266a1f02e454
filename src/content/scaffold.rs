//! Starting a page or a news item: a file with its front matter filled in,
//! today's date and an address made from the title, ready to write in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::discover::{NEWS, PAGES};
use crate::site::{Date, routes};
use crate::util::case::capitalise;

/// Writes `content/pages/PATH.md` for the page at `/PATH` (`contact`,
/// `programme/2027`); returns the file's path.
pub fn new_page(content: &Path, path: &str, today: Date) -> anyhow::Result<PathBuf> {
    let path = path.trim_matches('/');
    anyhow::ensure!(
        !path.is_empty() && path.split('/').all(|part| !part.is_empty() && slug::slugify(part) == part),
        "\"{path}\" cannot be a page's address: use lower-case letters, digits and dashes, such as call-for-projects"
    );
    anyhow::ensure!(
        !routes::is_reserved(&format!("/{path}")),
        "/{path} is the site's own address: choose another for the page (the built-in pages' addresses are \
         taken, as are all under {})",
        routes::reserved_folders().join(", ")
    );
    let title = path.rsplit('/').next().unwrap_or(path).replace('-', " ");
    let title = capitalise(&title);
    let text = format!(
        "+++\ntitle = \"{title}\"\n# summary = \"One or two sentences on what the page holds.\"\nupdated = {}\ndraft = true\n+++\nWrite the page here, in Markdown. Remove `draft = true` above to publish it.\n",
        today.iso()
    );
    write_new(content, &content.join(PAGES).join(format!("{path}.md")), &text)
}

/// Writes `content/news/SLUG.md` for a news item called `title`, dated
/// today; returns the file's path.
pub fn new_news(content: &Path, title: &str, today: Date) -> anyhow::Result<PathBuf> {
    let slug = shortened(slug::slugify(title));
    anyhow::ensure!(!slug.is_empty(), "\"{title}\" has no letters or digits to make an address of");
    let quoted = serde_json::to_string(title.trim()).expect("text always serialises");
    let text = format!(
        "+++\ntitle = {quoted}\ndate = {}\n# summary = \"One or two sentences: the item in the list of news.\"\ndraft = true\n+++\nWrite the news here, in Markdown. Remove `draft = true` above to publish it.\n",
        today.iso()
    );
    write_new(content, &content.join(NEWS).join(format!("{slug}.md")), &text)
}

/// News addresses are cut to this many characters, at a dash.
const LONGEST_SLUG: usize = 60;

/// `slug`, cut at its last dash within `LONGEST_SLUG` characters if longer.
fn shortened(slug: String) -> String {
    if slug.len() <= LONGEST_SLUG {
        return slug;
    }
    let cut = &slug[..LONGEST_SLUG];
    if slug.as_bytes()[LONGEST_SLUG] == b'-' {
        return cut.to_owned();
    }
    cut.rfind('-').map_or(cut, |dash| &cut[..dash]).to_owned()
}

/// Writes `text` to `file`, a new file under `content`: one that exists is
/// left alone, and a content folder that does not exist is not made.
fn write_new(content: &Path, file: &Path, text: &str) -> anyhow::Result<PathBuf> {
    anyhow::ensure!(
        content.is_dir(),
        "there is no content folder at {}: run this in the site's folder, or name the folder with --content",
        content.display()
    );
    anyhow::ensure!(
        !file.exists(),
        "{} exists already: edit it, or choose another address for the new file",
        file.display()
    );
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    }
    let mut opened = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .with_context(|| format!("writing {} (a file of that name may exist already)", file.display()))?;
    std::io::Write::write_all(&mut opened, text.as_bytes()).with_context(|| format!("writing {}", file.display()))?;
    Ok(file.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_page_and_a_new_news_item_have_their_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date::new(2026, 11, 29).unwrap();
        let page = new_page(dir.path(), "/call-for-projects", today).unwrap();
        assert_eq!(page, dir.path().join("pages/call-for-projects.md"));
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(
            text.starts_with("+++\ntitle = \"Call for projects\"\n") && text.contains("updated = 2026-11-29\n"),
            "{text}"
        );
        assert!(new_page(dir.path(), "call-for-projects", today).is_err(), "an existing file is left alone");
        assert!(new_page(dir.path(), "Call For Projects", today).is_err());
        for own in ["asem", "news/foo", "members/x", "api/x", "search"] {
            let error = new_page(dir.path(), own, today).unwrap_err().to_string();
            assert!(error.contains("is the site's own address"), "{own}: {error}");
        }
        let error = new_page(dir.path(), "call-for-projects", today).unwrap_err().to_string();
        assert!(
            error.ends_with("call-for-projects.md exists already: edit it, or choose another address for the new file"),
            "{error}"
        );
        let error = new_page(&dir.path().join("missing"), "contact", today).unwrap_err().to_string();
        assert!(error.starts_with("there is no content folder at"), "{error}");
        let long = new_news(dir.path(), &"A very long headline ".repeat(10), today).unwrap();
        let name = long.file_name().unwrap().to_str().unwrap();
        assert!(
            name.len() <= LONGEST_SLUG + 3 && name.starts_with("a-very-long-headline-a-very") && !name.contains("-.md"),
            "{name}"
        );
        let whole = format!("{} b", "a".repeat(LONGEST_SLUG));
        assert_eq!(
            shortened(slug::slugify(&whole)),
            "a".repeat(LONGEST_SLUG),
            "a cut just before a dash keeps the word"
        );
        let news = new_news(dir.path(), "ASEM's \"Summit\" in Brussels", today).unwrap();
        assert_eq!(news, dir.path().join("news/asem-s-summit-in-brussels.md"));
        let text = std::fs::read_to_string(&news).unwrap();
        assert!(text.contains("title = \"ASEM's \\\"Summit\\\" in Brussels\"\ndate = 2026-11-29\n"), "{text}");
    }
}
