//! The REST API's documentation page, rendered on the server from the OpenAPI document: every
//! operation with its parameters, request body and answers, then every schema with its fields.
//! Plain HTML with landmarks and headings, so it reads well with a screen reader and prints.

use serde_json::Value;

use crate::http::invitation::escape;

fn text(value: &Value) -> String {
    escape(value.as_str().unwrap_or_default())
}

/// The name of a `$ref`'d schema, or the type of an inline one.
fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    if let Some(items) = schema.get("items") {
        return format!("Liste von {}", type_name(items));
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        return options
            .iter()
            .map(type_name)
            .collect::<Vec<_>>()
            .join(" oder ");
    }
    match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .map(escape)
            .collect::<Vec<_>>()
            .join(" oder "),
        other => escape(other.as_str().unwrap_or("Objekt")),
    }
}

pub fn render(doc: &Value) -> String {
    let title = text(&doc["info"]["title"]);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n\
         body {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 56rem; \
         margin: 0 auto; padding: 1rem; line-height: 1.5; }}\n\
         a {{ color: #0b4f8a; }} a:focus {{ outline: 3px solid #0b4f8a; outline-offset: 2px; }}\n\
         code {{ background: #f0f0f0; padding: 0 0.2rem; }}\n\
         table {{ border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }}\n\
         th, td {{ text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #767676; vertical-align: top; }}\n\
         .skip {{ position: absolute; left: -999px; }} .skip:focus {{ left: 1rem; top: 1rem; background: #fff; }}\n\
         </style>\n</head>\n<body>\n<a class=\"skip\" href=\"#inhalt\">Zum Inhalt</a>\n\
         <header><p><a href=\"/\">Gremium</a> · <a href=\"/api/v1/openapi.json\">OpenAPI-Dokument (JSON)</a> · \
         <a href=\"/konto/api-schluessel\">API-Schlüssel</a></p></header>\n\
         <main id=\"inhalt\">\n<h1>{title}</h1>\n<p>{}</p>\n<p>Version {} · Adresse: <code>{}</code></p>\n",
        text(&doc["info"]["description"]),
        text(&doc["info"]["version"]),
        text(&doc["servers"][0]["url"]),
    );
    out.push_str("<h2>Operationen</h2>\n");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, methods) in paths {
            let Some(methods) = methods.as_object() else {
                continue;
            };
            for (method, op) in methods {
                out.push_str(&format!(
                    "<section>\n<h3><code>{} {}</code></h3>\n<p>{}</p>\n",
                    escape(&method.to_uppercase()),
                    escape(path),
                    text(&op["description"]).replace('\n', "<br>")
                ));
                let auth = op["security"].as_array().map(|s| {
                    s.iter()
                        .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
                });
                out.push_str(match auth {
                    Some(true) => "<p>Ohne Schlüssel möglich; mit Schlüssel sehen Sie, was seine Person sieht.</p>\n",
                    _ => "<p>Braucht einen API-Schlüssel (<code>Authorization: Bearer …</code>).</p>\n",
                });
                if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
                    out.push_str(
                        "<table>\n<caption>Parameter</caption>\n<thead><tr><th scope=\"col\">Name</th>\
                         <th scope=\"col\">Ort</th><th scope=\"col\">Typ</th><th scope=\"col\">Bedeutung</th></tr></thead>\n<tbody>\n",
                    );
                    for p in params {
                        out.push_str(&format!(
                            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                            text(&p["name"]),
                            text(&p["in"]),
                            type_name(&p["schema"]),
                            text(&p["description"])
                        ));
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                if let Some(body) = op["requestBody"]["content"].as_object() {
                    for (media, content) in body {
                        out.push_str(&format!(
                            "<p>Inhalt (<code>{}</code>): {}</p>\n",
                            escape(media),
                            type_name(&content["schema"])
                        ));
                    }
                }
                out.push_str(
                    "<table>\n<caption>Antworten</caption>\n<thead><tr><th scope=\"col\">Status</th>\
                     <th scope=\"col\">Bedeutung</th><th scope=\"col\">Inhalt</th></tr></thead>\n<tbody>\n",
                );
                if let Some(responses) = op["responses"].as_object() {
                    for (status, answer) in responses {
                        let body = answer["content"]
                            .as_object()
                            .and_then(|c| c.values().next())
                            .map(|c| type_name(&c["schema"]))
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{body}</td></tr>\n",
                            escape(status),
                            text(&answer["description"])
                        ));
                    }
                }
                out.push_str("</tbody>\n</table>\n</section>\n");
            }
        }
    }
    out.push_str("<h2>Datentypen</h2>\n");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            out.push_str(&format!(
                "<section>\n<h3 id=\"schema-{0}\">{0}</h3>\n<p>{1}</p>\n<table>\n<caption>Felder von {0}</caption>\n\
                 <thead><tr><th scope=\"col\">Feld</th><th scope=\"col\">Typ</th><th scope=\"col\">Pflicht</th>\
                 <th scope=\"col\">Bedeutung</th></tr></thead>\n<tbody>\n",
                escape(name),
                text(&schema["description"])
            ));
            if let Some(properties) = schema["properties"].as_object() {
                for (field, property) in properties {
                    out.push_str(&format!(
                        "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        escape(field),
                        type_name(property),
                        if required.contains(&field.as_str()) { "ja" } else { "nein" },
                        text(&property["description"])
                    ));
                }
            }
            out.push_str("</tbody>\n</table>\n</section>\n");
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
