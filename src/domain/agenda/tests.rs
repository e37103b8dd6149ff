use super::*;

fn ids(items: &[(i64, u8)]) -> Vec<i64> {
    items.iter().map(|(i, _)| *i).collect()
}

#[test]
fn numbers_follow_order_and_level() {
    assert_eq!(
        numbers(&[0, 0, 1, 1, 0, 1]),
        ["1", "2", "2.1", "2.2", "3", "3.1"]
    );
    // A leading sub-item cannot hang from nothing.
    assert_eq!(numbers(&[1, 1, 0]), ["1", "1.1", "2"]);
    assert!(numbers(&[]).is_empty());
}

#[test]
fn a_top_moves_with_its_sub_items() {
    let agenda = [(1, 0), (2, 0), (3, 1), (4, 1), (5, 0)];
    let up = apply_move(&agenda, 1, Move::Up).expect("moves");
    assert_eq!(ids(&up), [2, 3, 4, 1, 5]);
    assert_eq!(
        numbers(&up.iter().map(|i| i.1).collect::<Vec<_>>()),
        ["1", "1.1", "1.2", "2", "3"]
    );
    let down = apply_move(&agenda, 1, Move::Down).expect("moves");
    assert_eq!(ids(&down), [1, 5, 2, 3, 4]);
    assert_eq!(apply_move(&agenda, 0, Move::Up), None);
    assert_eq!(apply_move(&agenda, 4, Move::Down), None);
}

#[test]
fn a_sub_item_stays_within_its_top() {
    let agenda = [(1, 0), (2, 0), (3, 1), (4, 1), (5, 0)];
    assert_eq!(
        ids(&apply_move(&agenda, 3, Move::Up).expect("moves")),
        [1, 2, 4, 3, 5]
    );
    assert_eq!(apply_move(&agenda, 2, Move::Up), None);
    assert_eq!(apply_move(&agenda, 3, Move::Down), None);
}

#[test]
fn indent_and_outdent() {
    let agenda = [(1, 0), (2, 0), (3, 0)];
    let indented = apply_move(&agenda, 2, Move::Indent).expect("indents");
    assert_eq!(indented, [(1, 0), (2, 0), (3, 1)]);
    assert_eq!(apply_move(&agenda, 0, Move::Indent), None);
    assert_eq!(apply_move(&indented, 2, Move::Indent), None);
    // A TOP with sub-items cannot become a sub-item itself.
    assert_eq!(apply_move(&indented, 1, Move::Indent), None);
    assert_eq!(
        apply_move(&indented, 2, Move::Outdent).expect("outdents"),
        agenda
    );
}

#[test]
fn drop_keeps_blocks_together() {
    let agenda = [(1, 0), (2, 0), (3, 1), (4, 0)];
    assert_eq!(
        ids(&drop_before(&agenda, 4, Some(1)).expect("moves")),
        [4, 1, 2, 3]
    );
    assert_eq!(
        ids(&drop_before(&agenda, 2, None).expect("moves")),
        [1, 4, 2, 3]
    );
    // Dropping a TOP onto a sub-item puts it before that sub-item's TOP.
    assert_eq!(
        ids(&drop_before(&agenda, 4, Some(3)).expect("moves")),
        [1, 4, 2, 3]
    );
    assert_eq!(drop_before(&agenda, 1, Some(2)), None);
    assert_eq!(drop_before(&agenda, 9, None), None);
}

fn item(id: i64, title: &str) -> AgendaItem {
    AgendaItem {
        id,
        topic_id: None,
        level: 0,
        title: title.into(),
        presenter: None,
        minutes: 10,
        public: true,
        standard: None,
        late: false,
        retabled: false,
        outcome: None,
    }
}

#[test]
fn new_items_go_before_other_business() {
    let mut items = vec![item(1, "Begrüßung"), item(2, "Verschiedenes")];
    items[1].standard = Some(StandardItem::Other);
    assert_eq!(insert_position(&items), 1);
    items[1].standard = None;
    assert_eq!(insert_position(&items), 2);
    assert_eq!(total_minutes(&items), 20);
}

#[test]
fn diff_names_additions_removals_moves_and_edits() {
    let v1 = snapshot(&[item(1, "A"), item(2, "B"), item(3, "C")]);
    let mut c = item(3, "C");
    c.minutes = 30;
    let v2 = snapshot(&[c, item(1, "A"), item(4, "D")]);
    let changes = diff(&v1, &v2);
    assert!(changes.contains(&AgendaChange::Removed(v1[1].clone())));
    assert!(changes.contains(&AgendaChange::Added(v2[2].clone())));
    assert!(changes.contains(&AgendaChange::Renumbered {
        title: "C".into(),
        from: "3".into(),
        to: "1".into()
    }));
    assert!(changes.contains(&AgendaChange::Renumbered {
        title: "A".into(),
        from: "1".into(),
        to: "2".into()
    }));
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, AgendaChange::Changed { after, .. } if after.minutes == 30))
    );
    assert_eq!(changes.len(), 5);
    assert!(diff(&v2, &v2).is_empty());
}

/// Every meeting status × agenda action, against the rule written out.
#[test]
fn the_agenda_over_every_status_and_action() {
    let mut checked = 0;
    for status in MeetingStatus::ALL {
        for action in AgendaAction::ALL {
            let expected = match status {
                MeetingStatus::Planned | MeetingStatus::Invited | MeetingStatus::InProgress => {
                    Ok(())
                }
                MeetingStatus::Held | MeetingStatus::MinutesApproved | MeetingStatus::Cancelled => {
                    Err(AgendaRefused::Closed { status, action })
                }
            };
            assert_eq!(
                transition(status, action),
                expected,
                "{status:?} {action:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6 * 6);
}
