//! A demand as entered in the form, checked into a draft that is valid by construction.

use serde::{Deserialize, Serialize};

use super::{TAG_MAX, TAGS_MAX, TEXT_MAX, TITLE_MAX, Urgency};
use crate::domain::form::{FormErrors, Problem, required_text};
use crate::domain::topics::parse_links;

/// The demand form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandInput {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    pub category: String,
    pub tags: String,
    /// Absent when no urgency is chosen.
    #[serde(default)]
    pub urgency: String,
    pub links: String,
    #[serde(default, deserialize_with = "crate::domain::form::checkbox")]
    pub public: bool,
}

/// A checked demand text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandDraft {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    pub urgency: Urgency,
    pub links: Vec<String>,
    pub public: bool,
}

pub(super) fn long_text(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        Err(Problem::Required)
    } else if value.chars().count() > TEXT_MAX {
        Err(Problem::TooLong)
    } else {
        Ok(value.replace("\r\n", "\n"))
    }
}

/// Free tags, separated by commas or new lines; duplicates (ignoring case) dropped.
pub fn parse_tags(value: &str) -> Result<Vec<String>, Problem> {
    let mut tags: Vec<String> = Vec::new();
    for tag in value.split([',', '\n', ';']).map(str::trim) {
        if tag.is_empty() || tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            return Err(Problem::TooLong);
        }
        tags.push(tag.to_owned());
    }
    if tags.len() > TAGS_MAX {
        return Err(Problem::TooLong);
    }
    Ok(tags)
}

impl DemandInput {
    /// Checks every field against the known category ids; errors keep what was typed.
    pub fn check(&self, categories: &[i64]) -> Result<DemandDraft, FormErrors> {
        let mut errors = FormErrors::new();
        let title = errors.check("title", required_text(&self.title, TITLE_MAX));
        let problem = errors.check("problem", long_text(&self.problem));
        let outcome = errors.check("outcome", long_text(&self.outcome));
        let category = errors.check(
            "category",
            self.category
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| categories.contains(id))
                .ok_or(Problem::Required),
        );
        let tags = errors.check("tags", parse_tags(&self.tags));
        let urgency = errors.check(
            "urgency",
            Urgency::parse(self.urgency.trim()).ok_or(Problem::Required),
        );
        let links = errors.check("links", parse_links(&self.links));
        match (title, problem, outcome, category, tags, urgency, links) {
            (
                Some(title),
                Some(problem),
                Some(outcome),
                Some(category_id),
                Some(tags),
                Some(urgency),
                Some(links),
            ) => Ok(DemandDraft {
                title,
                problem,
                outcome,
                category_id,
                tags,
                urgency,
                links,
                public: self.public,
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("title", &self.title)
            .keep("problem", &self.problem)
            .keep("outcome", &self.outcome)
            .keep("category", &self.category)
            .keep("tags", &self.tags)
            .keep("urgency", &self.urgency)
            .keep("links", &self.links)
            .keep("public", if self.public { "on" } else { "" })
    }
}
