use super::*;

/// Every minutes state × meeting status × action, against the path written out.
#[test]
fn the_minutes_over_every_state_status_and_action() {
    use MinutesAction::*;
    use MinutesState::*;
    let mut checked = 0;
    for state in MinutesState::ALL {
        for meeting in MeetingStatus::ALL {
            for action in MinutesAction::ALL {
                let expected = match (state, action) {
                    (Draft, Edit) => Ok(Draft),
                    (Draft, Finalise) if meeting == MeetingStatus::Held => Ok(Final),
                    (Draft, Finalise) => Err(MinutesRefused::NotHeld(meeting)),
                    (Draft, Approve) => Err(MinutesRefused::NotFinal),
                    (Final, Approve) => Ok(Approved),
                    (Final | Approved, _) => Err(MinutesRefused::Locked(state)),
                };
                assert_eq!(
                    transition(state, meeting, action),
                    expected,
                    "{state:?} {meeting:?} {action:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 6 * 3);
}

pub(crate) fn sample() -> MinutesDocument {
    let item = |number: &str, title: &str, public: bool, decision: Option<&str>| MinutesItem {
        number: number.into(),
        title: title.into(),
        public,
        notes: format!("Aussprache zu {title}."),
        decisions: decision
            .map(|n| MinutesDecision {
                number: n.into(),
                kind: DecisionKind::Resolution,
                text: format!("Beschluss zu {title}."),
                votes: Some(Votes {
                    yes: 5,
                    no: 1,
                    abstain: 0,
                }),
                tasks: vec![MinutesTask {
                    title: "Konzept vorlegen".into(),
                    owner: "Landeshauptstadt Kiel".into(),
                    owner_published: true,
                    due: "15.12.2026".into(),
                }],
                demands: vec![
                    MinutesDemand {
                        id: 10,
                        title: "E-Akte für Bauanträge".into(),
                        from: "eingereicht".into(),
                        to: "angenommen".into(),
                        public: true,
                    },
                    MinutesDemand {
                        id: 11,
                        title: "Interner Bedarf".into(),
                        from: "in Prüfung".into(),
                        to: "abgelehnt".into(),
                        public: false,
                    },
                ],
            })
            .into_iter()
            .collect(),
    };
    MinutesDocument {
        committee: "Kommunalgremium".into(),
        meeting_title: "Sitzung November".into(),
        when: "26.11.2026, 10:00–12:00 Uhr".into(),
        place: None,
        attendance: vec![
            AttendanceLine {
                name: "Kim Kiel".into(),
                organization: Some("Kiel".into()),
                presence: "anwesend".into(),
                published: true,
                public_presence: Some("anwesend".into()),
            },
            AttendanceLine {
                name: "Rita Rostock".into(),
                organization: Some("Rostock".into()),
                presence: "vertreten durch Dora Deputy".into(),
                published: false,
                public_presence: Some("vertreten".into()),
            },
        ],
        quorum: "Beschlussfähig.".into(),
        opening: String::new(),
        items: vec![
            item("TOP 1", "Begrüßung", true, None),
            item(
                "TOP 2",
                "Digitale Meldebescheinigung",
                true,
                Some("2026-11/1"),
            ),
            item("TOP 3", "Personalangelegenheit", false, Some("2026-11/2")),
        ],
        closing: String::new(),
        state: MinutesState::Final,
        approval: None,
    }
}

#[test]
fn public_version_leaves_out_internal_items_and_their_decisions() {
    let doc = sample();
    let all = to_markdown(&doc);
    assert!(all.contains("## TOP 3 Personalangelegenheit"));
    assert!(all.contains("### Beschluss 2026-11/2"));
    let public = to_markdown(&doc.public());
    assert!(!public.contains("Personalangelegenheit"));
    assert!(!public.contains("2026-11/2"));
    assert!(public.contains("### Beschluss 2026-11/1"));
    assert!(public.contains("Abstimmung: Ja 5 · Nein 1 · Enthaltung 0"));
    assert!(public.contains("- Konzept vorlegen — Landeshauptstadt Kiel, fällig am 15.12.2026"));
}

#[test]
fn decisions_state_the_demands_they_moved() {
    let doc = sample();
    let all = to_markdown(&doc);
    assert!(all.contains("Bewegte Bedarfe:"));
    assert!(all.contains("- Bedarf #10 „E-Akte für Bauanträge“: eingereicht → angenommen"));
    assert!(all.contains("- Bedarf #11 „Interner Bedarf“: in Prüfung → abgelehnt"));
    // The public version names only public demands.
    let public = to_markdown(&doc.public());
    assert!(public.contains("Bedarf #10 „E-Akte für Bauanträge“: eingereicht → angenommen"));
    assert!(!public.contains("Interner Bedarf"));
}

/// Minutes frozen before demands were kept still read.
#[cfg(feature = "ssr")]
#[test]
fn minutes_frozen_without_demands_still_read() {
    let old = r#"{"number":"2026-11/1","kind":"Resolution","text":"x","votes":null,"tasks":[]}"#;
    let decision: MinutesDecision = serde_json::from_str(old).unwrap();
    assert!(decision.demands.is_empty());
}

#[test]
fn public_version_names_people_only_with_consent() {
    let mut doc = sample();
    doc.items[1].decisions[0].tasks.push(MinutesTask {
        title: "Entwurf prüfen".into(),
        owner: "Paula Privat".into(),
        owner_published: false,
        due: "01.01.2027".into(),
    });
    // A document frozen before consent was recorded: nobody is named to the public.
    doc.attendance.push(
        serde_json::from_str(
            r#"{"name":"Otto Alt","organization":null,"presence":"vertreten durch Vera"}"#,
        )
        .expect("an old line"),
    );
    let all = to_markdown(&doc);
    for name in [
        "Rita Rostock",
        "Dora Deputy",
        "Paula Privat",
        "Otto Alt",
        "Vera",
    ] {
        assert!(all.contains(name), "{name} in the committee's version");
    }
    let public = to_markdown(&doc.public());
    assert!(public.contains("Kim Kiel"));
    for name in [
        "Rita Rostock",
        "Dora Deputy",
        "Paula Privat",
        "Otto Alt",
        "Vera",
    ] {
        assert!(!public.contains(name), "{name} in the public version");
    }
    assert!(public.contains("N. N."));
}

#[test]
fn titles_stay_on_one_line() {
    let mut doc = sample();
    doc.items[1].title = "Zeile\n# eins".into();
    let text = to_markdown(&doc);
    assert!(text.contains("## TOP 2 Zeile # eins"));
}

#[test]
fn only_drafts_are_editable() {
    assert!(MinutesState::Draft.editable());
    assert!(!MinutesState::Final.editable());
    assert!(!MinutesState::Approved.editable());
}
