//! The pages that depend on the query string: the filtered directory, the
//! search results and the SME check (as a page and as JSON). Each is
//! rendered per request and compressed on the fly.

use askama::Template;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::directory;
use crate::encoding::{Coding, Effort, compress, negotiate};
use crate::render::{HTML, REVALIDATE, amount, capitalise, make_layout, members_page};
use crate::site::Site;
use crate::site::TextPage;
use crate::sme_check::{CategoryCheck, Figures, classify, parse_amount, parse_count};
use crate::state::AppState;
use crate::templates::{FieldError, FormField, OutcomeRow, OutcomeView, SearchPage, SmeCheckPage, TextPageView};

/// Decoded query pairs; `None` when the query string is not valid
/// (bad percent-encoding or not UTF-8).
fn pairs(query: Option<&str>) -> Option<Vec<(String, String)>> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or("")).ok()
}

/// The 400 page for a query string that cannot be read.
fn bad_query(state: &AppState, headers: &HeaderMap) -> Response {
    let site = &state.current.load().site;
    let page = TextPage {
        title: "This address cannot be read".to_owned(),
        intro: vec!["Its query string is not valid. Check the address, or start again from the home page.".to_owned()],
        sections: Vec::new(),
    };
    let view = TextPageView { layout: make_layout(site, &state.assets, "", &page.title), page: &page };
    render(StatusCode::BAD_REQUEST, &view, headers)
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// `/members`: the pre-rendered directory, or the directory filtered by
/// `region`, `kind` and `q`; a filter value that is not known gets 400 with
/// a message, and the other filters still apply.
pub async fn members(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let loaded = state.current.load();
    if query.as_deref().unwrap_or("").is_empty() {
        let page = loaded.pages.page("/members").expect("the directory is always rendered");
        return crate::http::send(page, &headers);
    }
    let Some(pairs) = pairs(query.as_deref()) else {
        return bad_query(&state, &headers);
    };
    let parsed = directory::parse(&pairs);
    let status = if parsed.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let layout = make_layout(&loaded.site, &state.assets, "/members", "Member states");
    render(status, &members_page(&loaded.site, layout, &parsed), &headers)
}

/// `/search?q=`: ranked results with the matches marked.
pub async fn search(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let Some(pairs) = pairs(query.as_deref()) else {
        return bad_query(&state, &headers);
    };
    let query: String = value(&pairs, "q").unwrap_or("").trim().chars().take(200).collect();
    let loaded = state.current.load();
    let hits = loaded.search.search(&query);
    let summary = match hits.len() {
        0 => format!("No results for “{query}”"),
        1 => format!("1 result for “{query}”"),
        n => format!("{n} results for “{query}”"),
    };
    let title = if query.is_empty() { "Search".to_owned() } else { format!("Search: {query}") };
    let mut layout = make_layout(&loaded.site, &state.assets, "/search", &title);
    layout.query.clone_from(&query);
    render(StatusCode::OK, &SearchPage { layout, query, summary, hits }, &headers)
}

const FIELDS: [(&str, &str, &str, &str); 3] = [
    ("staff", "Staff headcount", "The number of people employed, in annual work units: for example 45.", "numeric"),
    ("turnover", "Annual turnover, in euros", "For example 1,500,000 or 2.5 million.", "decimal"),
    ("balance_sheet", "Balance-sheet total, in euros", "For example 900,000 or 1.2 million.", "decimal"),
];

/// `/sme/check`: the form, or its answer; a wrong or missing figure gets
/// the form again with the errors (422).
pub async fn sme_check(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let Some(pairs) = pairs(query.as_deref()) else {
        return bad_query(&state, &headers);
    };
    let loaded = state.current.load();
    let site = &loaded.site;
    let submitted = FIELDS.iter().any(|(name, ..)| value(&pairs, name).is_some());
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let mut numbers = Vec::new();
    for (name, label, hint, inputmode) in FIELDS {
        let raw = value(&pairs, name).unwrap_or("").chars().take(100).collect::<String>();
        let parsed = if name == "staff" { parse_count(&raw) } else { parse_amount(&raw) };
        let error = match (&parsed, submitted) {
            (Err(why), true) => {
                let message = if raw.trim().is_empty() {
                    format!("Enter the {}", label.to_lowercase())
                } else {
                    format!("The {} {why}", label.to_lowercase())
                };
                errors.push(FieldError { field: name, message: message.clone() });
                message
            }
            _ => String::new(),
        };
        numbers.push(parsed.ok());
        fields.push(FormField { name, label, hint, inputmode, value: raw, error });
    }
    let outcome = match (submitted, numbers.as_slice()) {
        (true, [Some(staff), Some(turnover), Some(balance_sheet)]) => {
            Some(outcome_view(site, Figures { staff: *staff, turnover: *turnover, balance_sheet: *balance_sheet }))
        }
        _ => None,
    };
    let title = match (&outcome, errors.is_empty()) {
        (_, false) => "Error: SME check".to_owned(),
        (Some(_), true) => "Your answer: SME check".to_owned(),
        (None, true) => "SME check".to_owned(),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = make_layout(site, &state.assets, "/sme/check", &title);
    let page = SmeCheckPage { layout, rule: "EU Recommendation 2003/361/EC", fields, errors, outcome };
    render(status, &page, &headers)
}

fn outcome_view(site: &Site, figures: Figures) -> OutcomeView {
    let outcome = classify(&site.sme.categories, figures);
    let currency = &site.sme.currency;
    let headline = if outcome.sme {
        let name = &outcome.category;
        let noun = if name == "medium" { "medium-sized".to_owned() } else { name.clone() };
        format!("Your enterprise is a {noun} enterprise, and so an SME.")
    } else {
        "Your enterprise is not an SME: it is above the ceilings of every category.".to_owned()
    };
    let rows = outcome
        .checks
        .iter()
        .map(|c: &CategoryCheck| OutcomeRow {
            name: capitalise(&c.category),
            staff: format!(
                "{} {} {}: {}",
                c.staff.value,
                if c.staff.met { "is below" } else { "is not below" },
                c.staff.threshold,
                if c.staff.met { "met" } else { "not met" }
            ),
            turnover: money(currency, c.turnover.value, c.turnover.threshold, c.turnover.met),
            balance_sheet: money(currency, c.balance_sheet.value, c.balance_sheet.threshold, c.balance_sheet.met),
            met: if c.met { "Yes" } else { "No" },
        })
        .collect();
    OutcomeView { headline, rows }
}

fn money(currency: &str, value: u64, ceiling: u64, met: bool) -> String {
    let relation = if met { "is within" } else { "is above" };
    format!(
        "{} {relation} {}: {}",
        amount(currency, value),
        amount(currency, ceiling),
        if met { "met" } else { "not met" }
    )
}

/// `/api/sme-check?staff=N&turnover=EUR&balance_sheet=EUR`: the same check
/// as JSON. Plain whole numbers only; 400 `{"error": …}` names the field.
pub async fn sme_check_api(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Some(pairs) = pairs(query.as_deref()) else {
        return api_error("the query string cannot be read");
    };
    let mut numbers = [0u64; 3];
    for (i, (name, ..)) in FIELDS.iter().enumerate() {
        let Some(raw) = value(&pairs, name) else {
            return api_error(&format!("{name} is required"));
        };
        match raw.trim().parse::<u64>() {
            Ok(n) if n < 1_000_000_000_000_000 => numbers[i] = n,
            Ok(_) => return api_error(&format!("{name} is too large")),
            Err(_) => return api_error(&format!("{name} must be a whole number of zero or more, without separators")),
        }
    }
    let figures = Figures { staff: numbers[0], turnover: numbers[1], balance_sheet: numbers[2] };
    let loaded = state.current.load();
    let outcome = classify(&loaded.site.sme.categories, figures);
    let body = json!({
        "category": outcome.category,
        "sme": outcome.sme,
        "currency": loaded.site.sme.currency,
        "input": { "staff": figures.staff, "turnover": figures.turnover, "balance_sheet": figures.balance_sheet },
        "reasons": outcome.checks,
    });
    (StatusCode::OK, [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))], axum::Json(body)).into_response()
}

fn api_error(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": message }))).into_response()
}

fn render(status: StatusCode, page: &impl Template, headers: &HeaderMap) -> Response {
    match page.render() {
        Ok(html) => send_html(status, html, headers),
        Err(error) => {
            tracing::error!("rendering a page failed: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be made. Please try again later.\n").into_response()
        }
    }
}

/// Sends HTML made for this request, compressed on the fly in the encoding
/// the client prefers.
pub fn send_html(status: StatusCode, html: String, headers: &HeaderMap) -> Response {
    let coding = negotiate(headers.get(header::ACCEPT_ENCODING));
    let body = match coding {
        Coding::Identity => html.into_bytes(),
        _ => compress(coding, html.as_bytes(), Effort::Request),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = coding.header() {
        out.insert(header::CONTENT_ENCODING, encoding);
    }
    response
}
