use super::*;

#[test]
fn options_and_references_keep_their_column_type() {
    let title = String::from("Titel");
    let none: Option<i64> = None;
    let query = query("SELECT $1, $2, $3, $4")
        .bind(&title)
        .bind(none)
        .bind(Some("x"))
        .bind(7_i32);
    assert_eq!(
        query.args,
        vec![
            Value::Text(Some("Titel".into())),
            Value::BigInt(None),
            Value::Text(Some("x".into())),
            Value::Int(Some(7)),
        ]
    );
}
