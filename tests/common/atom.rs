//! A validator of Atom feeds (RFC 4287), for the tests: the feed is
//! well-formed XML in the Atom namespace, and keeps the RFC's rules for a
//! feed and its entries (the elements each must have, once; ids that are
//! absolute addresses; dates in RFC 3339; links with an address; content
//! of a known type), as the W3C's feed validator checks them.

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Every breach of RFC 4287 in `xml`, in words; none for a valid feed.
pub fn problems(xml: &str) -> Vec<String> {
    let document = match roxmltree::Document::parse(xml) {
        Ok(document) => document,
        Err(error) => return vec![format!("not well-formed XML: {error}")],
    };
    let feed = document.root_element();
    let mut problems = Vec::new();
    if feed.tag_name().name() != "feed" || feed.tag_name().namespace() != Some(ATOM) {
        problems.push("the root element is not atom:feed".to_owned());
        return problems;
    }
    let entries: Vec<_> = atom_children(feed, "entry").collect();
    container(feed, "feed", &mut problems);
    let authored = |node| atom_children(node, "author").count() > 0;
    if !authored(feed) && !entries.iter().all(|e| authored(*e)) {
        problems.push("the feed has no atom:author, and not every entry has one".to_owned());
    }
    if !atom_children(feed, "link").any(|l| l.attribute("rel") == Some("self")) {
        problems.push("the feed has no link rel=\"self\" (RFC 4287 4.1.1 says it should)".to_owned());
    }
    for (i, entry) in entries.iter().enumerate() {
        let name = format!("entry {}", i + 1);
        container(*entry, &name, &mut problems);
        let has_content = atom_children(*entry, "content").count() > 0;
        let alternate = atom_children(*entry, "link").any(|l| l.attribute("rel").is_none_or(|r| r == "alternate"));
        if !has_content && !alternate {
            problems.push(format!("{name} has neither atom:content nor an alternate link"));
        }
        for content in atom_children(*entry, "content") {
            if !matches!(content.attribute("type"), None | Some("text" | "html" | "xhtml")) {
                problems.push(format!("{name}'s content has an unknown type"));
            }
        }
    }
    for node in document.descendants().filter(|n| n.is_element() && n.tag_name().namespace() == Some(ATOM)) {
        const KNOWN: [&str; 17] = [
            "feed",
            "entry",
            "id",
            "title",
            "subtitle",
            "updated",
            "published",
            "author",
            "contributor",
            "name",
            "uri",
            "email",
            "link",
            "summary",
            "content",
            "category",
            "rights",
        ];
        if !KNOWN.contains(&node.tag_name().name()) {
            problems.push(format!("atom:{} is no Atom element", node.tag_name().name()));
        }
    }
    problems
}

fn atom_children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.children().filter(move |c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
}

/// The rules a feed and an entry share: one id (an absolute IRI), one
/// title, one updated (RFC 3339), links with addresses.
fn container(node: roxmltree::Node<'_, '_>, name: &str, problems: &mut Vec<String>) {
    for element in ["id", "title", "updated"] {
        let count = atom_children(node, element).count();
        if count != 1 {
            problems.push(format!("{name} has {count} atom:{element}, not one"));
        }
    }
    for id in atom_children(node, "id") {
        let text = id.text().unwrap_or("").trim();
        if !url::Url::parse(text).is_ok_and(|u| !u.cannot_be_a_base() || u.scheme() == "urn") {
            problems.push(format!("{name}'s id \"{text}\" is not an absolute IRI"));
        }
    }
    for date in ["updated", "published"].into_iter().flat_map(|e| atom_children(node, e)) {
        let text = date.text().unwrap_or("");
        if !is_rfc3339(text) {
            problems.push(format!("{name}'s atom:{} \"{text}\" is not an RFC 3339 date", date.tag_name().name()));
        }
    }
    for link in atom_children(node, "link") {
        if link.attribute("href").is_none_or(str::is_empty) {
            problems.push(format!("{name} has a link without href"));
        }
    }
}

/// `2011-06-15T00:00:00Z`, `2011-06-15T09:30:00.5+09:00`.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shape = bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19);
    let zone = text.ends_with('Z') || {
        let tail = &text[text.len().saturating_sub(6)..];
        tail.len() == 6 && (tail.starts_with('+') || tail.starts_with('-')) && tail.as_bytes()[3] == b':'
    };
    shape && zone
}
