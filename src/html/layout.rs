//! What every page shares: the head, the navigation, the footer.

use super::markup::Html;
use super::Site;
use crate::model::Entity;

/// Where a page lies: at the site's root, or in a record kind's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Root,
    Record,
}

impl Depth {
    /// What leads from the page back to the root.
    pub fn prefix(self) -> &'static str {
        match self {
            Depth::Root => "",
            Depth::Record => "../",
        }
    }

    /// A link from this page to `file`, given from the root.
    pub fn href(self, file: &str) -> String {
        format!("{}{file}", self.prefix())
    }
}

/// No request leaves the site, and nothing runs but its own script: a
/// second wall behind the escaping.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                      img-src 'self'; base-uri 'none'; form-action 'none'";

/// The page up to the start of its main content. `current` is the root
/// page it is, if it is one of those the navigation lists.
pub fn start(html: &mut Html, site: &Site, depth: Depth, title: &str, current: &str) {
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .open(
            "meta",
            &[("http-equiv", "Content-Security-Policy"), ("content", POLICY)],
        )
        .raw("\n")
        .element("title", &[], &format!("{title} · {}", site.title))
        .raw("\n")
        .open(
            "link",
            &[("rel", "stylesheet"), ("href", &depth.href("style.css"))],
        )
        .raw("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<header>\n")
        .open("p", &[("class", "site")])
        .link(&depth.href("index.html"), site.title)
        .close("p")
        .raw("\n<nav aria-label=\"The site\"><ul>\n");
    let mut item = |file: &str, label: &str| {
        let aria = if file == current { "page" } else { "" };
        html.raw("<li>")
            .element(
                "a",
                &[("href", &depth.href(file)), ("aria-current", aria)],
                label,
            )
            .raw("</li>\n");
    };
    item("index.html", "Timeline and finder");
    for entity in Entity::ALL {
        let def = entity.def();
        let label = format!("{} ({})", capitalised(def.name), site.cat.count(entity));
        item(&listing_file(entity), &label);
    }
    item("lineage.html", "Proposal lineage");
    html.raw("</ul></nav>\n</header>\n<main id=\"main\">\n");
}

/// The end of the main content and of the page, with the filter's
/// scripts on the index.
pub fn end(html: &mut Html, site: &Site, scripts: bool) {
    html.raw("</main>\n<footer>\n<p>")
        .text(&format!(
            "Written by rjkb {} from {}. Every record cites its sources; \
             a record marked disputed has a source that disagrees with it or does not confirm it.",
            env!("CARGO_PKG_VERSION"),
            site.from
        ))
        .raw("</p>\n</footer>\n");
    if scripts {
        html.raw("<script src=\"search-index.js\" defer></script>\n")
            .raw("<script src=\"filter.js\" defer></script>\n");
    }
    html.raw("</body>\n</html>\n");
}

/// The page that lists every record of an entity: `events.html`.
pub fn listing_file(entity: Entity) -> String {
    format!("{}.html", entity.def().name)
}

/// `first letter upper`, the rest as it is; `_` as a space.
pub fn capitalised(text: &str) -> String {
    let text = text.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
