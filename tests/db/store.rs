//! Store stories, each run on SQLite and on PostgreSQL.

use gremium::domain::organization::{OrganizationFilter, OrganizationKind};
use gremium::domain::page::PageRequest;
use gremium::domain::text::fold_for_search;
use gremium::register::{RegisterFile, import_register};
use gremium::store::{Db, StoreError, organizations};

fn search_for(query: &str) -> OrganizationFilter {
    OrganizationFilter {
        query: Some(query.into()),
        ..Default::default()
    }
}

async fn import_real_register(db: &Db) -> gremium::register::ImportSummary {
    let bytes = std::fs::read(crate::support::register_path()).expect("read register");
    let file = RegisterFile::parse(&bytes).expect("the real register parses");
    let mut last = None;
    let summary = import_register(db, file, |p| last = Some(p))
        .await
        .expect("import");
    let last = last.expect("progress was reported");
    assert_eq!(last.done, last.total, "progress reaches the end");
    summary
}

async fn importing_the_register_twice_gives_the_official_counts_and_no_duplicates(db: &Db) {
    let first = import_real_register(db).await;
    assert_eq!(first.imported(OrganizationKind::Land), 16);
    assert_eq!(first.imported(OrganizationKind::Kreis), 401);
    assert_eq!(first.imported(OrganizationKind::Gemeinde), 11_004);
    assert_eq!(first.imported(OrganizationKind::Gemeindeverband), 4_606);
    assert!(
        first.bad_rows.is_empty(),
        "the real register has no bad rows: {:?}",
        first.bad_rows
    );
    assert_eq!(first.ignored.get("Regierungsbezirk"), Some(&29));
    assert_eq!(first.ignored.get("Region"), Some(&12));

    let second = import_real_register(db).await;
    for (kind, counts) in &second.per_kind {
        assert_eq!(counts.inserted, 0, "second run inserts no {kind}");
        assert_eq!(counts.updated, 0, "second run changes no {kind}");
    }
    let counts = organizations::count_by_kind(db).await.expect("counts");
    assert_eq!(counts[&OrganizationKind::Land], 16);
    assert_eq!(counts[&OrganizationKind::Kreis], 401);
    assert_eq!(counts[&OrganizationKind::Gemeinde], 11_004);
    assert_eq!(counts[&OrganizationKind::Gemeindeverband], 4_606);

    // Kiel by name, case-insensitively, with its Land on the detail page.
    let found = organizations::search(db, &search_for("kiel"))
        .await
        .expect("search");
    let kiel = found
        .items
        .iter()
        .find(|o| o.kind == OrganizationKind::Gemeinde && o.name == "Kiel, Landeshauptstadt")
        .expect("kiel finds Kiel, Landeshauptstadt");
    assert_eq!(kiel.ags.as_deref(), Some("01002000"));
    assert_eq!(kiel.land_name.as_deref(), Some("Schleswig-Holstein"));
    let detail = organizations::get(db, kiel.id).await.expect("detail");
    assert_eq!(
        detail.land.as_ref().map(|l| l.name.as_str()),
        Some("Schleswig-Holstein")
    );
    assert_eq!(
        detail.kreis.as_ref().map(|k| k.name.as_str()),
        Some("Kiel, Landeshauptstadt")
    );
    assert_eq!(detail.population, Some(246_794));

    // Umlauts: both spellings find München.
    for query in ["münchen", "MUENCHEN"] {
        let found = organizations::search(db, &search_for(query))
            .await
            .expect("search");
        assert!(
            found
                .items
                .iter()
                .any(|o| o.name == "München, Landeshauptstadt"),
            "{query} finds München"
        );
    }

    // By AGS: the exact key and a Kreis prefix.
    let by_ags = organizations::search(db, &search_for("09162000"))
        .await
        .expect("search");
    assert_eq!(by_ags.total, 1);
    assert_eq!(by_ags.items[0].name, "München, Landeshauptstadt");
    let kreis_prefix = organizations::search(db, &search_for("01 0 02"))
        .await
        .expect("search");
    assert!(
        kreis_prefix
            .items
            .iter()
            .all(|o| o.ars.as_deref().is_some_and(|a| a.starts_with("01002"))
                || o.ags.as_deref().is_some_and(|a| a.starts_with("01002")))
    );

    // Filters and pagination: Gemeinden in Schleswig-Holstein, page by page, no overlap.
    let sh = organizations::lands(db).await.expect("lands");
    assert_eq!(sh.len(), 16);
    assert_eq!(sh[0].name, "Schleswig-Holstein");
    let mut filter = OrganizationFilter {
        land_id: Some(sh[0].id),
        kind: Some(OrganizationKind::Gemeinde),
        page: PageRequest::new(Some(1), Some(100)),
        ..Default::default()
    };
    let page1 = organizations::search(db, &filter).await.expect("page 1");
    filter.page = PageRequest::new(Some(2), Some(100));
    let page2 = organizations::search(db, &filter).await.expect("page 2");
    assert_eq!(page1.total, 1_108, "Schleswig-Holstein has 1,108 Gemeinden");
    assert_eq!(page1.items.len(), 100);
    assert!(
        page1
            .items
            .iter()
            .all(|o| o.kind == OrganizationKind::Gemeinde)
    );
    assert!(
        page1
            .items
            .iter()
            .all(|a| page2.items.iter().all(|b| a.id != b.id))
    );

    // A Land lists its Kreise as children.
    let land = organizations::get(db, sh[0].id).await.expect("land");
    assert_eq!(land.children_total, 15, "Schleswig-Holstein has 15 Kreise");
    assert!(
        land.children
            .iter()
            .all(|c| c.kind == OrganizationKind::Kreis)
    );
}

async fn the_committee_bodies_are_seeded_and_searchable(db: &Db) {
    let counts = organizations::count_by_kind(db).await.expect("counts");
    assert_eq!(counts.get(&OrganizationKind::Body), Some(&2));
    assert_eq!(counts.get(&OrganizationKind::Association), Some(&5));
    for (query, name) in [
        ("fitko", "Föderale IT-Kooperation"),
        (
            "KGSt",
            "Kommunale Gemeinschaftsstelle für Verwaltungsmanagement",
        ),
        ("städtetag", "Deutscher Städtetag"),
        ("dstgb", "Deutscher Städte- und Gemeindebund"),
    ] {
        let found = organizations::search(db, &search_for(query))
            .await
            .expect("search");
        let hit = found
            .items
            .first()
            .unwrap_or_else(|| panic!("{query} finds {name}"));
        assert_eq!(hit.name, name);
        let detail = organizations::get(db, hit.id).await.expect("detail");
        let expected = fold_for_search(&format!(
            "{} {}",
            detail.name,
            detail.short_name.clone().unwrap_or_default()
        ));
        let found_again = organizations::search(db, &search_for(&expected))
            .await
            .expect("search");
        assert_eq!(
            found_again.items.first().map(|o| o.id),
            Some(hit.id),
            "seeded search_name is folded"
        );
    }
}

async fn a_missing_organization_is_not_found(db: &Db) {
    assert!(matches!(
        organizations::get(db, 999_999).await,
        Err(StoreError::NotFound)
    ));
    let none = organizations::search(db, &search_for("gibt es nicht"))
        .await
        .expect("search");
    assert_eq!(none.total, 0);
    assert!(none.items.is_empty());
}

async fn rows_whose_parent_is_missing_are_reported_and_skipped(db: &Db) {
    let csv = "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung\n\
               10,,01,,,,,Schleswig-Holstein,,\n\
               60,64,01,0,99,0000,001,Waisenhausen,, 10\n\
               60,64,02,0,00,0000,000,Hamburg ohne Land,, 10\n";
    let file = RegisterFile::parse(csv.as_bytes()).expect("parses");
    let summary = import_register(db, file, |_| {}).await.expect("import");
    assert_eq!(summary.imported(OrganizationKind::Land), 1);
    let reasons: Vec<(usize, &str)> = summary
        .bad_rows
        .iter()
        .map(|e| (e.line, e.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![(3, "Kreis 01099 fehlt"), (4, "Land 02 fehlt")]
    );
    let found = organizations::search(db, &search_for("waisenhausen"))
        .await
        .expect("search");
    assert_eq!(found.total, 0);
}

on_both_databases!(
    register_import,
    importing_the_register_twice_gives_the_official_counts_and_no_duplicates
);
on_both_databases!(
    seeded_bodies,
    the_committee_bodies_are_seeded_and_searchable
);
on_both_databases!(not_found, a_missing_organization_is_not_found);
on_both_databases!(
    missing_parents,
    rows_whose_parent_is_missing_are_reported_and_skipped
);
