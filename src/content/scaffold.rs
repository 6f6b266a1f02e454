//! Starting a page or a news item: a file with its front matter filled in,
//! today's date and an address made from the title, ready to write in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::discover::{NEWS, PAGES};
use crate::site::Date;
use crate::util::case::capitalise;

/// Writes `content/pages/PATH.md` for the page at `/PATH` (`contact`,
/// `programme/2027`); returns the file's path.
pub fn new_page(content: &Path, path: &str, today: Date) -> anyhow::Result<PathBuf> {
    let path = path.trim_matches('/');
    anyhow::ensure!(
        !path.is_empty() && path.split('/').all(|part| !part.is_empty() && slug::slugify(part) == part),
        "\"{path}\" cannot be a page's address: use lower-case letters, digits and dashes, such as call-for-projects"
    );
    let title = path.rsplit('/').next().unwrap_or(path).replace('-', " ");
    let title = capitalise(&title);
    let text = format!(
        "+++\ntitle = \"{title}\"\n# summary = \"One or two sentences on what the page holds.\"\nupdated = {}\ndraft = true\n+++\nWrite the page here, in Markdown. Remove `draft = true` above to publish it.\n",
        today.iso()
    );
    write_new(&content.join(PAGES).join(format!("{path}.md")), &text)
}

/// Writes `content/news/SLUG.md` for a news item called `title`, dated
/// today; returns the file's path.
pub fn new_news(content: &Path, title: &str, today: Date) -> anyhow::Result<PathBuf> {
    let slug = slug::slugify(title);
    anyhow::ensure!(!slug.is_empty(), "\"{title}\" has no letters or digits to make an address of");
    let quoted = serde_json::to_string(title.trim()).expect("text always serialises");
    let text = format!(
        "+++\ntitle = {quoted}\ndate = {}\n# summary = \"One or two sentences: the item in the list of news.\"\ndraft = true\n+++\nWrite the news here, in Markdown. Remove `draft = true` above to publish it.\n",
        today.iso()
    );
    write_new(&content.join(NEWS).join(format!("{slug}.md")), &text)
}

/// Writes `text` to `file`, a new file: one that exists is left alone.
fn write_new(file: &Path, text: &str) -> anyhow::Result<PathBuf> {
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
        let news = new_news(dir.path(), "ASEM's \"Summit\" in Brussels", today).unwrap();
        assert_eq!(news, dir.path().join("news/asem-s-summit-in-brussels.md"));
        let text = std::fs::read_to_string(&news).unwrap();
        assert!(text.contains("title = \"ASEM's \\\"Summit\\\" in Brussels\"\ndate = 2026-11-29\n"), "{text}");
    }
}
