//! The core's form checks on whatever a form sends: nothing panics; a refused form names at
//! least one field and gives back what was typed; an accepted one keeps the rules the checks
//! document (trimmed, within its length, numbers in range, dates that are dates, links that are
//! http(s)); and the helpers that make search text and redirect targets safe do what they say.

#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use gremium::domain::account::{EMAIL_MAX, normalize_email};
use gremium::domain::agenda::check_item;
use gremium::domain::api_tokens::{self, Scope, check_new};
use gremium::domain::attendance::parse_quorum_percent;
use gremium::domain::calendar::{PLACE_MAX, optional_text, parse_day, parse_time, parse_url};
use gremium::domain::committee::{SEATS_MAX, parse_date, parse_seats};
use gremium::domain::decisions::{self, DecisionForm, DecisionKind};
use gremium::domain::demands::{
    self, DemandInput, DemandStatus, TransitionInput, Urgency, parse_tags,
};
use gremium::domain::form::{FormErrors, Problem, required_text};
use gremium::domain::organization::{NameOrKey, OrganizationFilter};
use gremium::domain::search::{self, Match, fts5_query, tsquery};
use gremium::domain::tasks::{self, TaskForm, TaskOwner};
use gremium::domain::text::{escape_like, local_path, spreadsheet_cell};
use gremium::domain::topics::{self, LINKS_MAX, TopicInput, check_topic, parse_links};
use gremium_fuzz::{DayText, NumberText, WordText, is_field};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Form {
    /// One field through every single-field check.
    Field { value: String, max: u16 },
    Demand {
        title: String,
        problem: String,
        outcome: String,
        category: NumberText,
        categories: Vec<i64>,
        tags: String,
        urgency: WordText,
        links: String,
        public: bool,
    },
    Transition {
        to: WordText,
        comment: String,
        body: String,
        reference: String,
        follow_up: DayText,
        reason: String,
        merge_into: NumberText,
        today: u16,
    },
    Topic {
        title: String,
        description: String,
        meeting: NumberText,
        presenter: String,
        minutes: NumberText,
        public: bool,
        links: String,
    },
    Task {
        title: String,
        owner: WordText,
        owner_id: NumberText,
        due: DayText,
        today: u16,
    },
    Item {
        title: String,
        presenter: String,
        minutes: NumberText,
        public: bool,
    },
    Decision {
        kind: WordText,
        text: String,
        yes: NumberText,
        no: NumberText,
        abstain: NumberText,
        voting: u16,
    },
    Token {
        name: String,
        scopes: String,
        lifetime: WordText,
    },
    /// A search box.
    Search(String),
}

/// A day from 2000 on: what the server's "today" can be.
fn today(offset: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|day| day.checked_add_days(Days::new(u64::from(offset))))
        .unwrap_or_default()
}

fn words<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|t| as_str(*t)).collect()
}

/// A refused form says what is wrong and keeps what was typed.
fn refused(form: &FormErrors, kept: &[(&str, &str)]) {
    assert!(!form.is_empty(), "refused without a reason: {form:?}");
    for (field, value) in kept {
        assert_eq!(
            form.value(field),
            Some(*value),
            "{field} not kept: {form:?}"
        );
    }
}

/// A checked link: http(s), a host, no whitespace, within the length a place may have.
fn is_link(link: &str) -> bool {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && link.chars().count() <= PLACE_MAX
        && !link.chars().any(char::is_whitespace)
}

/// A checked long text: `typed`, trimmed, within `max` characters, with CRLF made LF.
fn is_long_text(text: &str, typed: &str, max: usize) -> bool {
    is_field(text, max) && text == typed.trim().replace("\r\n", "\n")
}

fn check_field(value: &str, max: usize) {
    let trimmed = value.trim();
    match required_text(value, max) {
        Ok(text) => assert!(is_field(&text, max) && text == trimmed),
        Err(Problem::Required) => assert!(trimmed.is_empty()),
        Err(Problem::TooLong) => assert!(trimmed.chars().count() > max),
        Err(other) => panic!("required_text refused with {other:?}"),
    }
    match optional_text(value, max) {
        Ok(None) => assert!(trimmed.is_empty()),
        Ok(Some(text)) => assert!(is_field(&text, max) && text == trimmed),
        Err(problem) => assert_eq!(problem, Problem::TooLong),
    }
    if let Ok(email) = normalize_email(value) {
        let (local, domain) = email.split_once('@').expect("an address has an @");
        assert!(!local.is_empty() && domain.contains('.') && !domain.contains('@'));
        assert!(!domain.starts_with('.') && !domain.ends_with('.'));
        assert!(email.chars().count() <= EMAIL_MAX);
        assert!(!email.chars().any(|c| c.is_whitespace() || c.is_control()));
        assert_eq!(email.to_lowercase(), email);
        assert_eq!(normalize_email(&email), Ok(email.clone()), "not idempotent");
    }
    match parse_url(value) {
        Ok(Some(link)) => assert!(is_link(&link) && link == trimmed, "{link:?}"),
        Ok(None) => assert!(trimmed.is_empty()),
        Err(problem) => assert_eq!(problem, Problem::InvalidUrl),
    }
    if let Ok(day) = parse_day(value) {
        // What the form shows again is read back as the same day.
        assert_eq!(parse_day(&day.format("%Y-%m-%d").to_string()), Ok(day));
        assert_eq!(parse_day(&day.format("%d.%m.%Y").to_string()), Ok(day));
    }
    if let Ok(time) = parse_time(value) {
        assert_eq!(parse_time(&time.format("%H:%M:%S").to_string()), Ok(time));
    }
    if let Ok(Some(day)) = parse_date(value) {
        assert_eq!(
            parse_date(&day.format("%Y-%m-%d").to_string()),
            Ok(Some(day))
        );
    }
    if let Ok(seats) = parse_seats(value) {
        assert!((1..=SEATS_MAX).contains(&seats));
    }
    if let Ok(minutes) = topics::parse_minutes(value) {
        assert!((1..=topics::MINUTES_MAX).contains(&minutes));
    }
    if let Ok(percent) = parse_quorum_percent(value) {
        assert!(percent <= 100);
    }
    if let Ok(tags) = parse_tags(value) {
        check_tags(&tags);
    }
    if let Ok(links) = parse_links(value) {
        assert!(links.len() <= LINKS_MAX && links.iter().all(|l| is_link(l)));
    }
    if let Some(path) = local_path(value) {
        assert!(path.starts_with('/') && !path.starts_with("//"));
        assert!(
            !path
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        );
    }
    let cell = spreadsheet_cell(value);
    assert!(
        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{cell:?}"
    );
    assert!(cell == value || cell.strip_prefix('\'') == Some(value));
    check_escape_like(value);
}

fn check_tags(tags: &[String]) {
    assert!(tags.len() <= demands::TAGS_MAX);
    for (i, tag) in tags.iter().enumerate() {
        assert!(is_field(tag, demands::TAG_MAX), "{tag:?}");
        assert!(!tag.contains([',', '\n', ';']), "{tag:?}");
        let lower = tag.to_lowercase();
        assert!(
            tags[..i].iter().all(|t| t.to_lowercase() != lower),
            "{tags:?}"
        );
    }
}

/// Every `%`, `_` and `\` is escaped, and removing the escapes gives the text back.
fn check_escape_like(value: &str) {
    let escaped = escape_like(value);
    let mut chars = escaped.chars();
    let mut back = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => back.push(chars.next().expect("an escape escapes something")),
            '%' | '_' => panic!("unescaped {c} in {escaped:?}"),
            c => back.push(c),
        }
    }
    assert_eq!(back, value);
}

/// Search terms are put between quotes into FTS5 and tsquery queries: nothing in them may end
/// the quotes or be read as an operator.
fn check_search(text: &str) {
    let terms = search::terms(text);
    for (i, term) in terms.iter().enumerate() {
        assert!(!term.is_empty() && !terms[..i].contains(term), "{terms:?}");
        assert!(
            !term
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'*:&|!()^-+".contains(c)),
            "{term:?}"
        );
    }
    for mode in [Match::All, Match::Any] {
        let quotes = |query: &str, quote| query.chars().filter(|c| *c == quote).count();
        assert_eq!(quotes(&fts5_query(&terms, mode), '"'), 2 * terms.len());
        assert_eq!(quotes(&tsquery(&terms, mode), '\''), 2 * terms.len());
    }
    let filter = OrganizationFilter {
        query: Some(text.to_owned()),
        ..OrganizationFilter::default()
    };
    match filter.matcher() {
        Some(NameOrKey::Key(key)) => {
            let key = key.as_str();
            assert!((2..=12).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_digit()));
        }
        Some(NameOrKey::Name(name)) => {
            assert!(!name.is_empty() && name.trim() == name && !name.contains("  "));
        }
        None => assert!(text.trim().is_empty()),
    }
}

fuzz_target!(|form: Form| match form {
    Form::Field { value, max } => check_field(&value, usize::from(max)),
    Form::Demand {
        title,
        problem,
        outcome,
        category,
        categories,
        tags,
        urgency,
        links,
        public,
    } => {
        let input = DemandInput {
            title,
            problem,
            outcome,
            category: category.text(),
            tags,
            urgency: urgency.text(&words(&Urgency::ALL, Urgency::as_str)),
            links,
            public,
        };
        match input.check(&categories) {
            Ok(draft) => {
                assert!(is_field(&draft.title, demands::TITLE_MAX));
                assert!(is_long_text(
                    &draft.problem,
                    &input.problem,
                    demands::TEXT_MAX
                ));
                assert!(is_long_text(
                    &draft.outcome,
                    &input.outcome,
                    demands::TEXT_MAX
                ));
                assert!(categories.contains(&draft.category_id));
                check_tags(&draft.tags);
                assert!(draft.links.len() <= LINKS_MAX && draft.links.iter().all(|l| is_link(l)));
                assert_eq!(draft.public, input.public);
            }
            Err(form) => refused(
                &form,
                &[
                    ("title", &input.title),
                    ("problem", &input.problem),
                    ("outcome", &input.outcome),
                    ("tags", &input.tags),
                    ("links", &input.links),
                ],
            ),
        }
    }
    Form::Transition {
        to,
        comment,
        body,
        reference,
        follow_up,
        reason,
        merge_into,
        today: offset,
    } => {
        let input = TransitionInput {
            to: to.text(&words(&DemandStatus::ALL, DemandStatus::as_str)),
            comment,
            body,
            reference,
            follow_up: follow_up.text(),
            reason,
            merge_into: merge_into.text(),
        };
        let today = today(offset);
        match input.check(today) {
            Ok(transition) => {
                assert_eq!(DemandStatus::parse(input.to.trim()), Some(transition.to));
                if let Some(comment) = &transition.comment {
                    assert!(is_field(comment, demands::REASON_MAX));
                }
                let forwarded = transition.to == DemandStatus::Forwarded;
                assert_eq!(transition.body.is_some(), forwarded);
                assert_eq!(transition.reference.is_some(), forwarded);
                assert_eq!(transition.follow_up.is_some(), forwarded);
                assert!(transition.follow_up.is_none_or(|day| day >= today));
                for text in [&transition.body, &transition.reference] {
                    assert!(
                        text.as_ref()
                            .is_none_or(|t| is_field(t, demands::REFERENCE_MAX))
                    );
                }
                assert_eq!(
                    transition.reason.is_some(),
                    transition.to == DemandStatus::Declined
                );
                assert!(
                    transition
                        .reason
                        .as_ref()
                        .is_none_or(|t| is_field(t, demands::REASON_MAX))
                );
                assert_eq!(
                    transition.merge_into.is_some(),
                    transition.to == DemandStatus::Merged
                );
            }
            Err(form) => refused(&form, &[("to", &input.to), ("comment", &input.comment)]),
        }
    }
    Form::Topic {
        title,
        description,
        meeting,
        presenter,
        minutes,
        public,
        links,
    } => {
        let input = TopicInput {
            title,
            description,
            meeting: meeting.text(),
            presenter,
            minutes: minutes.text(),
            public,
            links,
        };
        match check_topic(&input) {
            Ok(draft) => {
                assert!(is_field(&draft.title, topics::TITLE_MAX));
                assert_eq!(draft.description, input.description.trim());
                assert!(draft.description.chars().count() <= topics::DESCRIPTION_MAX);
                assert!(
                    draft
                        .presenter
                        .as_ref()
                        .is_none_or(|p| is_field(p, topics::PRESENTER_MAX))
                );
                assert!((1..=topics::MINUTES_MAX).contains(&draft.minutes));
                assert!(draft.links.len() <= LINKS_MAX && draft.links.iter().all(|l| is_link(l)));
            }
            Err(form) => refused(
                &form,
                &[
                    ("title", &input.title),
                    ("description", &input.description),
                    ("meeting", &input.meeting),
                    ("presenter", &input.presenter),
                    ("minutes", &input.minutes),
                    ("links", &input.links),
                ],
            ),
        }
    }
    Form::Task {
        title,
        owner,
        owner_id,
        due,
        today: offset,
    } => {
        let form = TaskForm {
            title,
            owner: format!("{}{}", owner.text(&["user:", "org:"]), owner_id.text()),
            due: due.text(),
        };
        let today = today(offset);
        match form.check(today) {
            Ok(draft) => {
                assert!(is_field(&draft.title, tasks::TITLE_MAX));
                assert!(draft.due >= today);
                assert_eq!(TaskOwner::parse(&draft.owner.key()), Some(draft.owner));
            }
            Err(errors) => refused(
                &errors,
                &[
                    ("title", &form.title),
                    ("owner", &form.owner),
                    ("due", &form.due),
                ],
            ),
        }
    }
    Form::Item {
        title,
        presenter,
        minutes,
        public,
    } => {
        let minutes = minutes.text();
        match check_item(&title, &presenter, &minutes, public) {
            Ok(item) => {
                assert!(is_field(&item.title, topics::TITLE_MAX));
                assert!((1..=topics::MINUTES_MAX).contains(&item.minutes));
                assert!(
                    item.presenter
                        .as_ref()
                        .is_none_or(|p| is_field(p, topics::PRESENTER_MAX))
                );
            }
            Err(form) => refused(
                &form,
                &[
                    ("title", &title),
                    ("presenter", &presenter),
                    ("minutes", &minutes),
                ],
            ),
        }
    }
    Form::Decision {
        kind,
        text,
        yes,
        no,
        abstain,
        voting,
    } => {
        let form = DecisionForm {
            kind: kind.text(&words(&DecisionKind::ALL, DecisionKind::as_str)),
            text,
            yes: yes.text(),
            no: no.text(),
            abstain: abstain.text(),
        };
        let voting = u32::from(voting);
        match form.check(voting) {
            Ok(draft) => {
                assert!(is_field(&draft.text, decisions::TEXT_MAX));
                assert!(draft.votes.is_none_or(|v| v.total() <= voting));
            }
            Err(errors) => refused(&errors, &[("kind", &form.kind), ("text", &form.text)]),
        }
    }
    Form::Token {
        name,
        scopes,
        lifetime,
    } => {
        let scopes = Scope::parse_list(&scopes);
        let lifetimes = words(&api_tokens::Lifetime::ALL, api_tokens::Lifetime::as_str);
        match check_new(&name, &scopes, &lifetime.text(&lifetimes)) {
            Ok(token) => {
                assert!(is_field(&token.name, api_tokens::NAME_MAX));
                assert!(!token.scopes.is_empty() && token.scopes.is_sorted());
                assert!(token.scopes.windows(2).all(|w| w[0] != w[1]));
            }
            Err(form) => assert!(!form.is_empty()),
        }
    }
    Form::Search(text) => check_search(&text),
});
