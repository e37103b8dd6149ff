//! The OParl 1.1 JSON schemas (github.com/OParl/spec, tag v1.1.1, `schema/*.json`) written out
//! as a table: every property of every type with its JSON type and format, and each schema's
//! `required` array. `check` validates an object (and the objects embedded in it) against it;
//! unknown properties are refused unless they carry a vendor prefix ("gremium:status").

use serde_json::Value;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Str,
    Url,
    DateTime,
    Date,
    Bool,
    Int,
    StrList,
    UrlList,
    /// An embedded object of the named type.
    Obj(&'static str),
    ObjList(&'static str),
    /// GeoJSON: any object.
    Any,
}

use Kind::*;

/// Properties every type has (System has no `keyword`, checked below).
const COMMON: &[(&str, Kind)] = &[
    ("id", Url),
    ("type", Str),
    ("license", Str),
    ("keyword", StrList),
    ("created", DateTime),
    ("modified", DateTime),
    ("web", Url),
    ("deleted", Bool),
];

/// A type's `required` array and its own properties.
type Schema = (&'static [&'static str], &'static [(&'static str, Kind)]);

fn schema(type_name: &str) -> Option<Schema> {
    Some(match type_name {
        "System" => (
            &["id", "type", "oparlVersion", "body"],
            &[
                ("oparlVersion", Str),
                ("otherOparlVersions", UrlList),
                ("body", Url),
                ("name", Str),
                ("contactEmail", Str),
                ("contactName", Str),
                ("website", Url),
                ("vendor", Url),
                ("product", Url),
            ],
        ),
        "Body" => (
            &[
                "id",
                "type",
                "name",
                "organization",
                "person",
                "meeting",
                "paper",
                "legislativeTerm",
            ],
            &[
                ("system", Url),
                ("shortName", Str),
                ("name", Str),
                ("website", Url),
                ("licenseValidSince", DateTime),
                ("oparlSince", DateTime),
                ("ags", Str),
                ("rgs", Str),
                ("equivalent", UrlList),
                ("contactEmail", Str),
                ("contactName", Str),
                ("organization", Url),
                ("person", Url),
                ("meeting", Url),
                ("paper", Url),
                ("legislativeTerm", ObjList("LegislativeTerm")),
                ("agendaItem", Url),
                ("consultation", Url),
                ("file", Url),
                ("locationList", Url),
                ("legislativeTermList", Url),
                ("membership", Url),
                ("classification", Str),
                ("location", Obj("Location")),
            ],
        ),
        "LegislativeTerm" => (
            &["id", "type"],
            &[
                ("body", Url),
                ("name", Str),
                ("startDate", Date),
                ("endDate", Date),
            ],
        ),
        "Organization" => (
            &["id", "type"],
            &[
                ("body", Url),
                ("name", Str),
                ("membership", UrlList),
                ("meeting", Url),
                ("consultation", Url),
                ("shortName", Str),
                ("post", StrList),
                ("subOrganizationOf", Url),
                ("organizationType", Str),
                ("classification", Str),
                ("startDate", Date),
                ("endDate", Date),
                ("website", Url),
                ("location", Obj("Location")),
                ("externalBody", Url),
            ],
        ),
        "Person" => (
            &["id", "type"],
            &[
                ("body", Url),
                ("name", Str),
                ("familyName", Str),
                ("givenName", Str),
                ("formOfAddress", Str),
                ("affix", Str),
                ("title", StrList),
                ("gender", Str),
                ("phone", StrList),
                ("email", StrList),
                ("location", Url),
                ("locationObject", Obj("Location")),
                ("status", StrList),
                ("membership", ObjList("Membership")),
                ("life", Str),
                ("lifeSource", Str),
            ],
        ),
        "Membership" => (
            &["id", "type"],
            &[
                ("person", Url),
                ("organization", Url),
                ("role", Str),
                ("votingRight", Bool),
                ("startDate", Date),
                ("endDate", Date),
                ("onBehalfOf", Url),
            ],
        ),
        "Meeting" => (
            &["id", "type"],
            &[
                ("name", Str),
                ("meetingState", Str),
                ("cancelled", Bool),
                ("start", DateTime),
                ("end", DateTime),
                ("location", Obj("Location")),
                ("organization", UrlList),
                ("participant", UrlList),
                ("invitation", Obj("File")),
                ("resultsProtocol", Obj("File")),
                ("verbatimProtocol", Obj("File")),
                ("auxiliaryFile", ObjList("File")),
                ("agendaItem", ObjList("AgendaItem")),
            ],
        ),
        "AgendaItem" => (
            &["id", "type", "order"],
            &[
                ("meeting", Url),
                ("number", Str),
                ("order", Int),
                ("name", Str),
                ("public", Bool),
                ("consultation", Url),
                ("result", Str),
                ("resolutionText", Str),
                ("resolutionFile", Obj("File")),
                ("auxiliaryFile", ObjList("File")),
                ("start", DateTime),
                ("end", DateTime),
            ],
        ),
        "Paper" => (
            &["id", "type"],
            &[
                ("body", Url),
                ("name", Str),
                ("reference", Str),
                ("date", Date),
                ("paperType", Str),
                ("relatedPaper", UrlList),
                ("superordinatedPaper", UrlList),
                ("subordinatedPaper", UrlList),
                ("mainFile", Obj("File")),
                ("auxiliaryFile", ObjList("File")),
                ("location", ObjList("Location")),
                ("originatorPerson", UrlList),
                ("underDirectionOf", UrlList),
                ("originatorOrganization", UrlList),
                ("consultation", ObjList("Consultation")),
            ],
        ),
        "Consultation" => (
            &["id", "type"],
            &[
                ("paper", Url),
                ("agendaItem", Url),
                ("meeting", Url),
                ("organization", UrlList),
                ("authoritative", Bool),
                ("role", Str),
            ],
        ),
        "File" => (
            &["id", "type", "accessUrl"],
            &[
                ("name", Str),
                ("fileName", Str),
                ("mimeType", Str),
                ("date", Date),
                ("size", Int),
                ("sha1Checksum", Str),
                ("sha512Checksum", Str),
                ("text", Str),
                ("accessUrl", Url),
                ("downloadUrl", Url),
                ("externalServiceUrl", Url),
                ("masterFile", Url),
                ("derivativeFile", UrlList),
                ("fileLicense", Url),
                ("meeting", UrlList),
                ("agendaItem", UrlList),
                ("paper", UrlList),
            ],
        ),
        "Location" => (
            &["id", "type"],
            &[
                ("description", Str),
                ("geojson", Any),
                ("streetAddress", Str),
                ("room", Str),
                ("postalCode", Str),
                ("subLocality", Str),
                ("locality", Str),
                ("bodies", UrlList),
                ("organizations", UrlList),
                ("persons", UrlList),
                ("meetings", UrlList),
                ("papers", UrlList),
            ],
        ),
        _ => return None,
    })
}

fn is_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://")) && !text.contains(' ')
}

/// `yyyy-mm-ddThh:mm:ss±hh:mm`, as the specification writes it (no `Z`, no fractions).
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 25
        && chrono::DateTime::parse_from_rfc3339(text).is_ok()
        && (b[19] == b'+' || b[19] == b'-')
        && b[22] == b':'
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn fits(value: &Value, kind: Kind, at: &str, problems: &mut Vec<String>) {
    let ok = match (kind, value) {
        (Str, Value::String(s)) => !s.is_empty(),
        (Url, Value::String(s)) => is_url(s),
        (DateTime, Value::String(s)) => is_date_time(s),
        (Date, Value::String(s)) => is_date(s),
        (Bool, Value::Bool(_)) => true,
        (Int, Value::Number(n)) => n.is_u64() || n.is_i64(),
        (StrList, Value::Array(a)) => a.iter().all(|v| v.as_str().is_some_and(|s| !s.is_empty())),
        (UrlList, Value::Array(a)) => a.iter().all(|v| v.as_str().is_some_and(is_url)),
        (Obj(name), Value::Object(_)) => {
            check_as(value, Some(name), at, problems);
            true
        }
        (ObjList(name), Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                check_as(v, Some(name), &format!("{at}[{i}]"), problems);
            }
            true
        }
        (Any, Value::Object(_)) => true,
        _ => false,
    };
    if !ok {
        problems.push(format!("{at}: {value} is not {kind:?}"));
    }
}

fn check_as(value: &Value, expected: Option<&str>, at: &str, problems: &mut Vec<String>) {
    let Some(map) = value.as_object() else {
        problems.push(format!("{at}: not an object"));
        return;
    };
    let type_url = map.get("type").and_then(Value::as_str).unwrap_or_default();
    let Some(name) = type_url.strip_prefix("https://schema.oparl.org/1.1/") else {
        problems.push(format!("{at}: type {type_url:?}"));
        return;
    };
    if let Some(expected) = expected.filter(|e| *e != name) {
        problems.push(format!("{at}: {name} where {expected} belongs"));
    }
    let Some((required, properties)) = schema(name) else {
        problems.push(format!("{at}: unknown type {name}"));
        return;
    };
    let deleted = map.get("deleted") == Some(&Value::Bool(true));
    // A deleted object keeps id, type, created and modified; the rest may go.
    let required: Vec<&str> = if deleted {
        vec!["id", "type", "created", "modified"]
    } else {
        let mut r = required.to_vec();
        // The specification's text: created and modified on every object.
        r.extend(["created", "modified"]);
        if name == "System" {
            r.retain(|p| !matches!(*p, "created" | "modified"));
        }
        r
    };
    for key in required {
        if !map.contains_key(key) {
            problems.push(format!("{at} ({name}): required {key} missing"));
        }
    }
    for (key, value) in map {
        let kind = properties
            .iter()
            .chain(COMMON.iter())
            .find(|(k, _)| k == key)
            .map(|(_, kind)| *kind);
        match kind {
            _ if name == "System" && key == "keyword" => {
                problems.push(format!("{at}: System has no keyword"));
            }
            Some(kind) => fits(value, kind, &format!("{at}.{key}"), problems),
            None if key.contains(':') => {}
            None => problems.push(format!("{at} ({name}): unknown property {key}")),
        }
    }
}

/// What is wrong with an object by the schema (empty: valid).
pub fn check(value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let at = value["id"].as_str().unwrap_or("?").to_owned();
    check_as(value, None, &at, &mut problems);
    problems
}

#[test]
fn the_checker_refuses_what_the_schema_refuses() {
    let good = serde_json::json!({
        "id": "https://x.example/oparl/v1/meeting/1",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "name": "Sitzung",
        "start": "2026-11-26T10:00:00+01:00",
        "agendaItem": [{
            "id": "https://x.example/oparl/v1/agenda-item/1",
            "type": "https://schema.oparl.org/1.1/AgendaItem",
            "order": 0,
            "created": "2026-11-26T10:00:00+01:00",
            "modified": "2026-11-26T10:00:00+01:00"
        }],
        "created": "2026-11-26T10:00:00+01:00",
        "modified": "2026-11-26T10:00:00+01:00",
        "gremium:status": "x"
    });
    assert_eq!(check(&good), Vec::<String>::new());
    for (key, bad) in [
        ("start", serde_json::json!("2026-11-26T10:00:00Z")),
        ("name", serde_json::json!("")),
        ("cancelled", serde_json::json!("nein")),
        (
            "agendaItem",
            serde_json::json!([{"type": "https://schema.oparl.org/1.1/AgendaItem"}]),
        ),
        ("size", serde_json::json!(3)),
    ] {
        let mut value = good.clone();
        value[key] = bad;
        assert!(!check(&value).is_empty(), "{key} should be refused");
    }
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("modified");
    assert!(!check(&missing).is_empty());
}
