//! The pages editors write in Markdown: each page, each news item, the
//! list of news ten to a page, and the news as an Atom feed.

use askama::Template;

use super::assets::Assets;
use super::citations::Citations;
use super::markdown::{self, MediaLinks};
use super::pages::Html;
use super::views::{AtomEntry, AtomFeed, Layout, MarkdownPage, NewsItemPage, NewsListPage};
use crate::site::{NEWS_PER_PAGE, Route, Site, routes};

/// The HTML of every Markdown page, news item and page of news.
pub fn written_pages(site: &Site, assets: &Assets, media: &MediaLinks) -> Result<Vec<Html>, askama::Error> {
    let mut pages = Vec::new();
    for page in &site.pages {
        let mut layout = Layout::new(site, assets, &page.path, &page.title);
        if let Some(summary) = &page.summary {
            layout.description = summary.to_string();
        }
        let mut citations = Citations::default();
        let body = markdown::body(&page.body, media, Some((&page.sources, &mut citations)), &site.language);
        citations.list_also(&page.sources);
        let layout = layout.with_citations(citations, page.updated);
        let body_lang = page.body_lang.as_deref();
        let scheduled = page
            .updated
            .filter(|_| page.scheduled)
            .map(|day| site.ui.news.scheduled_page.with("date", site.ui.date(&day)).to_string());
        let view = MarkdownPage { layout, title: &page.title, draft: page.draft, scheduled, body, body_lang };
        pages.push(Html { path: site.link(&page.path), route: Route::Page, html: view.render()? });
    }
    for item in &site.news {
        let mut layout = Layout::new(site, assets, &item.path, &item.title);
        if let Some(summary) = &item.summary {
            layout.description = summary.to_string();
        }
        let mut citations = Citations::default();
        let body = markdown::body(&item.body, media, Some((&item.sources, &mut citations)), &site.language);
        citations.list_also(&item.sources);
        let layout = layout.with_citations(citations, Some(item.last_changed()));
        let scheduled =
            item.scheduled.then(|| site.ui.news.scheduled_item.with("date", site.ui.date(&item.date)).to_string());
        let view = NewsItemPage { layout, item, scheduled, body };
        pages.push(Html { path: site.link(&item.path), route: Route::NewsItem, html: view.render()? });
    }
    let count = site.news.len().div_ceil(NEWS_PER_PAGE).max(1);
    for number in 1..=count {
        let path = routes::news_page(number);
        let ui = &site.ui.news;
        let heading = if number == 1 {
            ui.heading.to_string()
        } else {
            ui.heading_page.with("number", number).with("pages", count).to_string()
        };
        let start = (number - 1) * NEWS_PER_PAGE;
        let view = NewsListPage {
            layout: Layout::new(site, assets, &path, &heading),
            heading,
            items: &site.news[start..(start + NEWS_PER_PAGE).min(site.news.len())],
            number,
            pages: count,
            newer: (number > 1).then(|| site.link(&routes::news_page(number - 1))),
            older: (number < count).then(|| site.link(&routes::news_page(number + 1))),
        };
        let route = if number == 1 { Route::News } else { Route::NewsPage };
        pages.push(Html { path: site.link(&path), route, html: view.render()? });
    }
    Ok(pages)
}

/// The news as an Atom feed in `site`'s language: every item, newest
/// first, with absolute addresses as ids.
pub fn feed(site: &Site, media: &MediaLinks) -> Result<String, askama::Error> {
    let base = &site.base_url;
    let moment = |date: crate::site::Date| format!("{}T00:00:00Z", date.iso());
    // An empty feed is as new as the site's founding.
    let updated = site
        .news
        .iter()
        .map(|n| n.last_changed())
        .max()
        .map_or_else(|| format!("{}-01-01T00:00:00Z", site.aseic.founded), moment);
    let feed = AtomFeed {
        base_url: base.clone(),
        title: site.ui.page.feed_title.with("site", &site.name).to_string(),
        language: site.language.tag.to_string(),
        subtitle: site.description.to_string(),
        id: format!("{base}{}", site.link(routes::FEED)),
        self_url: format!("{base}{}", site.link(routes::FEED)),
        news_url: format!("{base}{}", site.link(routes::NEWS)),
        updated,
        author: site.full_name.to_string(),
        entries: site
            .news
            .iter()
            .take(site.feed_limit)
            .map(|item| AtomEntry {
                lang: item.body_lang.as_deref().map(str::to_owned),
                title: item.title.to_string(),
                url: format!("{base}{}", site.link(&item.path)),
                published: moment(item.date),
                updated: moment(item.last_changed()),
                summary: item.summary.as_ref().map(ToString::to_string),
                content: markdown::body(&item.body, media, None, &site.language).0,
            })
            .collect(),
    };
    let mut xml = feed.render()?;
    xml.push('\n');
    Ok(xml)
}
