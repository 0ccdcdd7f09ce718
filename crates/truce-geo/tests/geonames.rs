//! Import of a GeoNames `geoname` dump, and storing the result as TSV.

use truce_geo::{Gazetteer, GeoNamesRow, PlaceKind, Resolution};

const SAMPLE: &str = include_str!("data/geonames-sample.txt");

#[test]
fn imports_places_and_regions_and_reports_bad_lines() {
    let (g, problems) =
        Gazetteer::from_geonames(SAMPLE.as_bytes(), |_| true).expect("the sample reads");
    // Kyiv, Kharkiv, Izium, Balakliia, two Pivdenne, Sudzha; two ADM1 rows.
    // The river (class H) is skipped silently.
    assert_eq!(g.places().len(), 9, "{:?}", g.places());
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [10, 11, 13, 14], "{problems:?}");
    assert!(
        problems[0].reason.contains("19 tab-separated columns"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].reason.contains("latitude `north`"),
        "{}",
        problems[1]
    );
    assert!(
        problems[2].reason.contains("population `lots`"),
        "{}",
        problems[2]
    );
    assert_eq!(problems[1].to_string().split(':').next(), Some("line 11"));

    let kharkiv = g.resolve("Харьков", None).found().expect("Kharkiv");
    assert_eq!(kharkiv.id, "gn-706483");
    assert_eq!(kharkiv.name_uk, "Харків");
    assert_eq!(kharkiv.name_ru, "Харьков");
    assert_eq!(kharkiv.region.as_deref(), Some("gn-706482"));
    let region = g
        .resolve("Kharkiv Oblast", None)
        .found()
        .expect("the oblast");
    assert_eq!(region.kind, PlaceKind::Region);
    assert_eq!(
        g.resolve("Izyum", None).found().map(|p| p.id.as_str()),
        Some("gn-709161")
    );
    assert_eq!(
        g.resolve("у Ізюмі", None).found().map(|p| p.id.as_str()),
        Some("gn-709161")
    );
    // Two Pivdenne: the Kharkiv one by the region named in the query.
    assert!(matches!(
        g.resolve("Pivdenne", None),
        Resolution::Ambiguous(_)
    ));
    assert_eq!(
        g.resolve("Pivdenne, Kharkiv oblast", None)
            .found()
            .map(|p| p.id.as_str()),
        Some("gn-9999901")
    );
    // Codes are not names.
    assert_eq!(g.resolve("IEV", None), Resolution::NotFound);
}

#[test]
fn keep_filters_rows() {
    let (g, _) =
        Gazetteer::from_geonames(SAMPLE.as_bytes(), |r: &GeoNamesRow| r.country_code == "RU")
            .expect("reads");
    let ids: Vec<&str> = g.places().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["gn-9999904"]);
    assert_eq!(g.places()[0].region, None);
}

#[test]
fn an_imported_gazetteer_round_trips_through_tsv() {
    let (g, _) = Gazetteer::from_geonames(SAMPLE.as_bytes(), |_| true).expect("reads");
    let tsv = g.to_tsv();
    let again = Gazetteer::from_tsv(&tsv).expect("the stored TSV parses");
    assert_eq!(again.places(), g.places());
    assert_eq!(
        again.resolve("Kiev", None).found().map(|p| p.id.as_str()),
        Some("gn-703448")
    );
}

#[test]
fn parses_one_row() {
    let line = SAMPLE.lines().next().expect("a line");
    let row = GeoNamesRow::parse(line).expect("a valid row");
    assert_eq!(row.geonameid, 703448);
    assert_eq!(row.feature_class, "P");
    assert_eq!(row.feature_code, "PPLC");
    assert_eq!(row.admin1, "12");
    assert_eq!(row.population, 2952301);
    assert_eq!(row.elevation, None);
    assert_eq!(row.dem, Some(187));
    assert_eq!(row.alternate_names.len(), 6);
    assert!(GeoNamesRow::parse("1\t2").is_err());
}

/// Found by fuzzing (`fuzz/fuzz_targets/geonames.rs`): a row named "||||"
/// was kept, its name became empty in the stored TSV (`|` separates names
/// there), and `truce gazetteer import` refused the whole file as one that
/// "cannot be kept". Such a row is now a skipped line, and the rest is kept.
#[test]
fn fuzz_a_name_of_only_bars_is_skipped_and_the_rest_is_kept() {
    let row = |id: &str, name: &str| {
        format!(
            "{id}\t{name}\t{name}\t\t50.45466\t30.5238\tP\tPPLC\tUA\t\t12\t\t\t\t2952301\t\t187\tEurope/Kyiv\t2024-01-01"
        )
    };
    let text = format!("{}\n{}\n", row("703448", "||||||||"), row("703447", "Kyiv"));
    let (g, problems) = Gazetteer::from_geonames(text.as_bytes(), |_| true).expect("reads");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 1);
    assert!(problems[0].reason.contains("no letters"), "{}", problems[0]);
    assert_eq!(g.places().len(), 1);
    let again = Gazetteer::from_tsv(&g.to_tsv()).expect("what is imported can be kept");
    assert_eq!(again.places().len(), 1);
}
