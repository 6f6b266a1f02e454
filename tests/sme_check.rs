//! The SME check as a visitor and a program use it: fractional staff,
//! either amount alone, an answer that explains itself, errors that say what
//! to do, and a company's figures kept out of addresses and logs.

mod common;

use axum::http::StatusCode;
use common::server::Server;
use common::{built_in, get_ok, submit_form};
use serde_json::Value;

async fn api(query: &str) -> (StatusCode, Value) {
    common::sme_api(&built_in(), query).await
}

#[tokio::test]
async fn fractional_staff_counts_in_annual_work_units_with_the_same_ceilings() {
    let state = built_in();
    for (staff, expected) in [
        ("9.5", "micro"),
        ("9.99", "micro"),
        ("10", "small"),
        ("49.75", "small"),
        ("249.5", "medium"),
        ("250", "not an SME"),
    ] {
        let reply =
            submit_form(&state, "/sme/check", &[("staff", staff), ("turnover", "1 million"), ("balance_sheet", "")])
                .await;
        assert_eq!(reply.status, StatusCode::OK, "{staff}");
        assert!(reply.text("#answer").contains(expected), "{staff}: {}", reply.text("#answer"));
    }
    let (status, body) = api("staff=45.5&turnover=8000000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((body["category"].as_str(), body["sme"].as_bool()), (Some("small"), Some(true)));
    assert_eq!(body["input"]["staff"], 45.5);
    let (_, body) = api("staff=9.99&balance_sheet=2000000").await;
    assert_eq!(body["category"], "micro");
    // Never rounded across a ceiling: more decimals than two are refused.
    for staff in ["249.999999999", "9.999999999", "1.500"] {
        let (status, body) = api(&format!("staff={staff}&turnover=1")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{staff}: {body}");
        let reply = submit_form(&state, "/sme/check", &[("staff", staff), ("turnover", "1")]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{staff}");
    }
}

#[tokio::test]
async fn a_long_figure_is_read_whole_or_refused_never_cut_short() {
    let state = built_in();
    // Cut after 100 characters, this would read as €3, and a micro enterprise.
    let long = format!("3{}million", " ".repeat(99));
    let reply =
        submit_form(&state, "/sme/check", &[("staff", "5"), ("turnover", &long), ("balance_sheet", "5m")]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.text("#answer").contains("a small enterprise"), "{}", reply.text("#answer"));
    let unreadable = format!("3{}x", " ".repeat(99));
    let reply = submit_form(&state, "/sme/check", &[("staff", "5"), ("turnover", &unreadable)]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "not read as €3: {}", reply.text("#answer"));
}

#[tokio::test]
async fn the_api_takes_an_empty_amount_as_a_missing_one() {
    let (status, body) = api("staff=12&turnover=&balance_sheet=5000000").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["category"].as_str(), body["input"]["turnover"].is_null()), (Some("small"), true));
}

#[tokio::test]
async fn no_shared_cache_keeps_an_answer_that_holds_a_companys_figures() {
    let state = built_in();
    let answer = submit_form(&state, "/sme/check", &[("staff", "45.5"), ("turnover", "8123456")]).await;
    let wrong = submit_form(&state, "/sme/check", &[("staff", "45.5"), ("turnover", "lots")]).await;
    for reply in [&answer, &wrong] {
        assert_eq!(reply.headers["cache-control"], "private, no-cache", "{} {}", reply.path, reply.status);
    }
    let json = common::get(&state, "/api/sme-check?staff=45.5&turnover=8123456").await;
    assert_eq!(json.headers["cache-control"], "no-store");
    let form = get_ok(&state, "/sme/check").await;
    assert_eq!(form.headers["cache-control"], "no-cache", "the empty form may be kept");
}

#[tokio::test]
async fn too_many_staff_alone_is_why_an_enterprise_is_not_an_sme() {
    let state = built_in();
    let reply = submit_form(&state, "/sme/check", &[("staff", "250"), ("turnover", "1")]).await;
    let answer = reply.text("main");
    assert!(answer.contains("not an SME: it does not meet the criteria of any category"), "{answer}");
    assert!(answer.contains("It is not a medium-sized enterprise: its staff headcount, 250, is not below 250."));
    assert!(!answer.contains("above the ceilings"), "€1 is above no ceiling: {answer}");

    // Staff alone settles it here: no amount is asked for.
    let alone = submit_form(&state, "/sme/check", &[("staff", "300"), ("turnover", ""), ("balance_sheet", "")]).await;
    assert_eq!(alone.status, StatusCode::OK);
    assert!(alone.text("#answer").contains("not an SME"), "{}", alone.text("main"));
    let (status, body) = api("staff=300").await;
    assert_eq!((status, body["sme"].as_bool(), body["category"].as_str()), (StatusCode::OK, Some(false), Some("none")));
    // Below the largest ceiling, it does not.
    let short = submit_form(&state, "/sme/check", &[("staff", "249.5"), ("turnover", ""), ("balance_sheet", "")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api("staff=249.5").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn either_amount_alone_answers_when_it_settles_the_question() {
    let state = built_in();
    let settled =
        submit_form(&state, "/sme/check", &[("staff", "45"), ("turnover", ""), ("balance_sheet", "9 million")]).await;
    assert!(settled.text("#answer").contains("small enterprise"));
    assert!(settled.text(".answer").contains("the turnover is not needed"), "{}", settled.text(".answer"));

    // A turnover above the small ceiling, no balance sheet: the balance sheet decides.
    let open =
        submit_form(&state, "/sme/check", &[("staff", "45"), ("turnover", "12 million"), ("balance_sheet", "")]).await;
    assert_eq!(open.status, StatusCode::OK);
    let answer = open.text(".answer");
    assert!(open.text("#answer").contains("One more figure"), "{answer}");
    assert!(answer.contains("balance-sheet total decides"), "{answer}");
    assert!(answer.contains("€10 million or less, it is a small enterprise"), "{answer}");
    assert!(answer.contains("Otherwise it is a medium-sized enterprise"), "{answer}");
    assert!(answer.contains("Enter the balance-sheet total too"), "{answer}");
    assert_eq!(open.rows(".answer tbody tr")[1][4], "Depends on the missing figure");

    // Every size the missing figure could still decide is named, in turn.
    let open =
        submit_form(&state, "/sme/check", &[("staff", "5"), ("turnover", "20 million"), ("balance_sheet", "")]).await;
    let answer = open.text(".answer");
    assert!(answer.contains("€2 million or less, it is a micro enterprise"), "{answer}");
    assert!(answer.contains("With a balance-sheet total of €10 million or less, it is a small enterprise"), "{answer}");
    assert!(answer.contains("Otherwise it is a medium-sized enterprise"), "{answer}");
    let open =
        submit_form(&state, "/sme/check", &[("staff", "5"), ("turnover", "60 million"), ("balance_sheet", "")]).await;
    let answer = open.text(".answer");
    assert!(
        answer.contains("With a balance-sheet total of €43 million or less, it is a medium-sized enterprise"),
        "{answer}"
    );
    assert!(answer.contains("With a larger balance-sheet total, it is not an SME"), "{answer}");
    assert_eq!(open.attrs(".answer a[href='#balance_sheet']", "href").len(), 1, "the request links to the field");

    let (_, body) = api("staff=45&turnover=12000000").await;
    assert_eq!((body["category"].as_str(), body["sme"].as_bool()), (Some("unknown"), Some(true)));
    let (_, body) = api("staff=45&turnover=60000000").await;
    assert_eq!(
        (body["category"].as_str(), body["sme"].as_bool()),
        (Some("unknown"), None),
        "the balance sheet decides whether it is an SME"
    );
}

#[tokio::test]
async fn the_answer_explains_itself_in_plain_words() {
    let state = built_in();
    let reply = submit_form(
        &state,
        "/sme/check",
        &[("staff", "45"), ("turnover", "12 million"), ("balance_sheet", "9 million")],
    )
    .await;
    let answer = reply.text(".answer");
    assert!(reply.text("#answer").contains("a small enterprise"), "{answer}");
    assert!(answer.contains("Its turnover, €12 million, is above the ceiling of €10 million. But its balance-sheet total, €9 million, is within its ceiling of €10 million, and meeting one of the two is enough"), "{answer}");
    assert!(answer.contains("It is not a micro enterprise: its staff headcount, 45, is not below 10"), "{answer}");
    let medium = submit_form(
        &state,
        "/sme/check",
        &[("staff", "60"), ("turnover", "60 million"), ("balance_sheet", "40 million")],
    )
    .await;
    let text = medium.text(".answer");
    assert!(text.contains("Its turnover, €60 million, is above the ceiling of €50 million. But its balance-sheet total, €40 million, is within its ceiling of €43 million, and meeting one of the two is enough"), "{text}");
    assert!(text.contains("It is not a small enterprise: its staff headcount, 60, is not below 50"), "{text}");
    assert!(
        medium.attrs(".answer a", "href").iter().any(|h| h.contains("sme-definition")),
        "it says where partner and linked enterprises are explained"
    );
}

#[tokio::test]
async fn errors_say_what_to_do_and_give_the_limit() {
    let state = built_in();
    for (fields, expected) in [
        ([("staff", ""), ("turnover", "1"), ("balance_sheet", "")], "Enter your staff headcount"),
        (
            [("staff", "12"), ("turnover", ""), ("balance_sheet", "")],
            "Enter your annual turnover, your balance-sheet total, or both",
        ),
        (
            [("staff", "12"), ("turnover", "2000 billion"), ("balance_sheet", "")],
            "Enter a turnover of €1 trillion or less",
        ),
        (
            [("staff", "12.125"), ("turnover", "1"), ("balance_sheet", "")],
            "Enter the staff headcount with two decimals at most, like 45.25",
        ),
        ([("staff", "-3"), ("turnover", "1"), ("balance_sheet", "")], "Enter a staff headcount of 0 or more"),
        (
            [("staff", "2000000000"), ("turnover", "1"), ("balance_sheet", "")],
            "Enter a staff headcount of 1 billion or less",
        ),
        (
            [("staff", "3"), ("turnover", ""), ("balance_sheet", "1,000,000,000,001")],
            "Enter a balance-sheet total of €1 trillion or less",
        ),
        (
            [("staff", "3"), ("turnover", "1.505"), ("balance_sheet", "")],
            "Enter the annual turnover in euros, with cents at most, like 1,500,000 or 2.5 million",
        ),
        (
            [("staff", "3"), ("turnover", ""), ("balance_sheet", "lots")],
            "Enter the balance-sheet total in euros, like 900,000 or 1.2 million",
        ),
    ] {
        let reply = submit_form(&state, "/sme/check", &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.texts(".error-summary a"), [expected]);
        assert_eq!(reply.text(".field-error .error-message"), format!("Error: {expected}"));
    }
}

#[tokio::test]
async fn the_answer_s_address_holds_the_figures_so_that_it_can_be_kept_and_shared() {
    let state = built_in();
    let form = get_ok(&state, "/sme/check").await;
    assert_eq!(form.attrs("form.panel", "method"), ["get"]);
    assert_eq!(form.attrs("form.panel", "action"), ["/sme/check#answer"], "the answer is scrolled to");
    assert_eq!(form.texts("#answer").len(), 0, "the empty form answers nothing");
    let shared = get_ok(&state, "/sme/check?staff=45&turnover=8000000&balance_sheet=1").await;
    assert!(shared.text("#answer").contains("small enterprise"), "{}", shared.text("main"));
    assert_eq!(shared.attrs("#staff", "value"), ["45"], "the form keeps the figures");
    // The form is sent by GET: a body is refused, whatever it holds.
    let posted = axum::http::Request::post("/sme/check")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", "8")
        .body(axum::body::Body::from("staff=45"))
        .unwrap();
    let posted = common::request(&state, posted).await;
    assert_eq!(posted.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(posted.header(axum::http::header::ALLOW), "GET, HEAD");
}

#[test]
fn the_access_log_leaves_out_the_figures() {
    let server = Server::start(&["serve", "--addr", "127.0.0.1:0"]);
    let answer = server.get("/sme/check?staff=45.5&turnover=8123456&balance_sheet=7654321");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let answer_line = server.wait_for_log("/sme/check?(withheld)");
    let api = server.get("/api/sme-check?staff=45.5&turnover=8123456");
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    let api_line = server.wait_for_log("/api/sme-check");
    // Mistyped addresses of the check: the figures stay out of the log too.
    let mut lines = vec![answer_line, api_line.clone()];
    for mistyped in ["//api/sme-check", "/API/sme-check", "/api/sme-check.json", "/api/sme-check;x", "/sme/check/"] {
        let answer = server.get(&format!("{mistyped}?staff=45.5&turnover=8123456"));
        assert!(!answer.starts_with("HTTP/1.1 5"), "{answer}");
        lines.push(server.wait_for_log(&format!("{mistyped}?(withheld)")));
    }
    let search = server.get("/search?q=korea");
    assert!(search.starts_with("HTTP/1.1 200"), "{search}");
    assert!(server.wait_for_log("/search?q=korea").contains("/search?q=korea"), "a search is logged as asked");
    for line in &lines {
        for figure in ["45.5", "8123456", "7654321"] {
            assert!(!line.contains(figure), "the log line holds {figure}: {line}");
        }
    }
    assert!(api_line.contains("/api/sme-check?(withheld)"), "{api_line}");
    server.terminate();
}

#[tokio::test]
async fn the_check_s_title_is_its_heading_and_its_figures_are_not_kept() {
    let state = built_in();
    let form = get_ok(&state, "/sme/check").await;
    let heading = form.text("h1");
    assert_eq!(form.text("head > title"), format!("{heading} | ASEIC"));
    assert_eq!(form.text(".submit .hint"), "We do not keep the figures you enter.");
    assert_eq!(form.attrs("input#staff", "class"), ["width-5"]);
    assert_eq!(form.attrs("input#turnover", "class"), ["width-10"]);
    assert!(form.texts("main a").contains(&"the same check as JSON".to_owned()), "{:?}", form.texts("main a"));
    for page in ["/", "/sme"] {
        let links = get_ok(&state, page).await.attrs("main a", "href");
        assert!(links.iter().any(|l| l == "/sme/check"), "{page} leads to the check: {links:?}");
    }
}

#[tokio::test]
async fn amounts_with_cents_are_taken_and_equal_ceilings_read_as_one() {
    let state = built_in();
    let answer = get_ok(&state, "/sme/check?staff=5&turnover=1%2C500%2C000.40&balance_sheet=900000").await;
    let text = answer.text(".answer");
    assert!(text.contains("1,500,001"), "{text}");
    // Micro enterprises' two ceilings are both €2 million.
    let micro = get_ok(&state, "/sme/check?staff=5&turnover=1000000&balance_sheet=900000").await;
    let words = micro.text(".answer");
    assert!(words.contains("are both within the ceiling of €2 million"), "{words}");
    assert!(!words.contains("€2 million and €2 million"), "{words}");
}
