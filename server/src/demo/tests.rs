use super::*;

#[test]
fn the_demo_register_is_valid() {
    let file = RegisterFile::parse(DEMO_REGISTER.as_bytes()).expect("parses");
    assert!(file.bad_rows.is_empty(), "{:?}", file.bad_rows);
    assert_eq!(
        file.records
            .iter()
            .filter(|r| r.kind == OrganizationKind::Land)
            .count(),
        5
    );
}
