use super::*;
use crate::domain::form::Problem;
use DemandStatus as S;

#[test]
fn transition_table_per_standing() {
    // The raiser: submit a draft, withdraw until accepted; nothing else.
    assert!(may_move(Standing::Raiser, S::Draft, S::Submitted));
    assert!(may_move(Standing::Raiser, S::InReview, S::Withdrawn));
    assert!(!may_move(Standing::Raiser, S::Accepted, S::Withdrawn));
    assert!(!may_move(Standing::Raiser, S::Submitted, S::Accepted));
    assert!(!may_move(Standing::Raiser, S::Forwarded, S::Resolved));
    // The chair: the review and the work, never a draft or a closed demand.
    assert!(may_move(Standing::Chair, S::Submitted, S::InReview));
    assert!(may_move(Standing::Chair, S::InReview, S::Accepted));
    assert!(may_move(Standing::Chair, S::Accepted, S::Forwarded));
    assert!(may_move(Standing::Chair, S::Forwarded, S::Resolved));
    assert!(!may_move(Standing::Chair, S::Draft, S::Submitted));
    assert!(!may_move(Standing::Chair, S::Submitted, S::Withdrawn));
    assert!(!may_move(Standing::Chair, S::Submitted, S::Forwarded));
    for closed in [S::Resolved, S::Declined, S::Merged, S::Withdrawn] {
        for to in DemandStatus::ALL {
            for standing in [Standing::Raiser, Standing::Chair, Standing::Decision] {
                assert!(!may_move(standing, closed, to), "{closed:?} → {to:?}");
            }
        }
    }
    // A decision: any outcome from any open status, but not merge or withdraw.
    assert!(may_move(Standing::Decision, S::Submitted, S::Forwarded));
    assert!(!may_move(Standing::Decision, S::Draft, S::Accepted));
    assert!(!may_move(Standing::Decision, S::Accepted, S::Accepted));
    assert!(!may_move(Standing::Decision, S::Accepted, S::Merged));
    assert_eq!(
        next_statuses(Standing::Chair, S::Submitted),
        vec![S::InReview, S::Accepted, S::Declined, S::Merged]
    );
}

/// Every (standing × from × to) against the workflow as written down in DESIGN.md: a
/// change is allowed exactly when it is in this list.
#[test]
fn every_status_change_is_allowed_exactly_when_the_workflow_lists_it() {
    let active = [
        S::Submitted,
        S::InReview,
        S::Accepted,
        S::InProgress,
        S::Forwarded,
    ];
    let outcomes = [
        S::Accepted,
        S::InProgress,
        S::Forwarded,
        S::Resolved,
        S::Declined,
    ];
    let mut allowed: Vec<(Standing, S, S)> = vec![
        (Standing::Raiser, S::Draft, S::Submitted),
        (Standing::Raiser, S::Submitted, S::Withdrawn),
        (Standing::Raiser, S::InReview, S::Withdrawn),
        (Standing::Chair, S::Submitted, S::InReview),
        (Standing::Chair, S::Submitted, S::Accepted),
        (Standing::Chair, S::InReview, S::Accepted),
        (Standing::Chair, S::Submitted, S::Merged),
        (Standing::Chair, S::InReview, S::Merged),
        (Standing::Chair, S::Accepted, S::Merged),
        (Standing::Chair, S::Accepted, S::InProgress),
        (Standing::Chair, S::Forwarded, S::InProgress),
        (Standing::Chair, S::Accepted, S::Forwarded),
        (Standing::Chair, S::InProgress, S::Forwarded),
        (Standing::Chair, S::Accepted, S::Resolved),
        (Standing::Chair, S::InProgress, S::Resolved),
        (Standing::Chair, S::Forwarded, S::Resolved),
    ];
    for from in active {
        allowed.push((Standing::Chair, from, S::Declined));
        for to in outcomes.into_iter().filter(|to| *to != from) {
            allowed.push((Standing::Decision, from, to));
        }
    }
    let mut checked = 0;
    for standing in [Standing::Raiser, Standing::Chair, Standing::Decision] {
        for from in DemandStatus::ALL {
            for to in DemandStatus::ALL {
                let expected = allowed.contains(&(standing, from, to));
                let result = transition(standing, from, to);
                assert_eq!(
                    result,
                    if expected {
                        Ok(to)
                    } else {
                        Err(MoveRefused { from, to })
                    },
                    "{standing:?}: {from:?} → {to:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        3 * DemandStatus::ALL.len() * DemandStatus::ALL.len()
    );
    assert_eq!(
        MoveRefused {
            from: S::Resolved,
            to: S::Accepted
        }
        .to_string(),
        "a demand cannot move from resolved to accepted"
    );
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

#[test]
fn forwarding_needs_body_reference_and_a_future_date() {
    let input = TransitionInput {
        to: "forwarded".into(),
        follow_up: "2026-11-01".into(),
        ..Default::default()
    };
    let errors = input.check(today()).unwrap_err();
    assert_eq!(errors.problem("body"), Some(Problem::Required));
    assert_eq!(errors.problem("reference"), Some(Problem::Required));
    assert_eq!(errors.problem("follow_up"), Some(Problem::InPast));
    assert_eq!(errors.value("follow_up"), Some("2026-11-01"));
    let ok = TransitionInput {
        to: "forwarded".into(),
        body: "IT-Planungsrat".into(),
        reference: "ITPLR-2026-17".into(),
        follow_up: "2027-02-01".into(),
        ..Default::default()
    }
    .check(today())
    .unwrap();
    assert_eq!(ok.reference.as_deref(), Some("ITPLR-2026-17"));
}

#[test]
fn declining_needs_a_reason_and_merging_a_target() {
    let declined = TransitionInput {
        to: "declined".into(),
        reason: "  ".into(),
        ..Default::default()
    };
    assert_eq!(
        declined.check(today()).unwrap_err().problem("reason"),
        Some(Problem::Required)
    );
    let merged = TransitionInput {
        to: "merged".into(),
        merge_into: "#12".into(),
        ..Default::default()
    };
    assert_eq!(merged.check(today()).unwrap().merge_into, Some(12));
}

#[test]
fn demand_form_checks_each_field_and_keeps_input() {
    let input = DemandInput {
        title: "".into(),
        problem: "Keine Schnittstelle".into(),
        outcome: "x".repeat(TEXT_MAX + 1),
        category: "99".into(),
        tags: "XÖV, xöv, Fachverfahren".into(),
        urgency: "normal".into(),
        links: "javascript:alert(1)".into(),
        public: true,
    };
    let errors = input.check(&[1, 2]).unwrap_err();
    assert_eq!(errors.problem("title"), Some(Problem::Required));
    assert_eq!(errors.problem("outcome"), Some(Problem::TooLong));
    assert_eq!(errors.problem("category"), Some(Problem::Required));
    assert_eq!(errors.problem("links"), Some(Problem::InvalidUrl));
    assert_eq!(errors.value("problem"), Some("Keine Schnittstelle"));
    assert_eq!(parse_tags("XÖV, xöv, Fachverfahren").unwrap().len(), 2);
}

#[test]
fn kreisfreie_staedte_count_as_staedte() {
    let kreis = OrganizationKind::Kreis;
    assert_eq!(OrgClass::of(kreis, Some(Designation(41))), OrgClass::Stadt);
    assert_eq!(OrgClass::of(kreis, Some(Designation(44))), OrgClass::Kreis);
    let gemeinde = OrganizationKind::Gemeinde;
    assert_eq!(
        OrgClass::of(gemeinde, Some(Designation(63))),
        OrgClass::Stadt
    );
    assert_eq!(
        OrgClass::of(gemeinde, Some(Designation(64))),
        OrgClass::Gemeinde
    );
    assert_eq!(OrgClass::of(OrganizationKind::Body, None), OrgClass::Other);
}

#[test]
fn drafts_are_seen_only_by_their_organization() {
    let demand = |status, public| Demand {
        id: 1,
        title: "t".into(),
        problem: "p".into(),
        outcome: "o".into(),
        category: Category {
            id: 1,
            name: "c".into(),
        },
        tags: vec![],
        urgency: Urgency::Normal,
        links: vec![],
        public,
        status,
        organization_id: 7,
        organization_name: "A".into(),
        raised_by: 1,
        raiser_name: "a".into(),
        cosignatures: 0,
        forwarded_to: None,
        reference: None,
        follow_up: None,
        decline_reason: None,
        merged_into: None,
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        created_local: Utc::now().naive_utc(),
    };
    let public = Visibility {
        internal: false,
        organization_id: None,
    };
    let member = Visibility {
        internal: true,
        organization_id: Some(8),
    };
    let own = Visibility {
        internal: false,
        organization_id: Some(7),
    };
    assert!(!member.sees(&demand(S::Draft, true)));
    assert!(own.sees(&demand(S::Draft, false)));
    assert!(public.sees(&demand(S::Submitted, true)));
    assert!(!public.sees(&demand(S::Submitted, false)));
    assert!(member.sees(&demand(S::Submitted, false)));
}
