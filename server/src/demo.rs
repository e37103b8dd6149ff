//! Demo content for `gremium serve --demo`: a handful of real municipalities, typed in from the
//! Destatis register (© Statistisches Bundesamt (Destatis), Datenlizenz Deutschland 2.0), so a
//! newcomer sees a living app without importing the whole register. Every later capability adds
//! its own demo content here.

use gremium::domain::organization::OrganizationKind;
use gremium::register::{RegisterFile, import_register};
use gremium::store::{Db, organizations};

const DEMO_REGISTER: &str = "\
satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad
10,,01,,,,,Schleswig-Holstein,,,,,,,,
40,41,01,0,02,,,\"Kiel, Landeshauptstadt\",,,,,,,,
50,50,01,0,02,0000,,\"Kiel, Landeshauptstadt\",,,,,,,,
60,61,01,0,02,0000,000,\"Kiel, Landeshauptstadt\", 118.65, 246 794, 120 198, 126 596, 2 080,24103,\"10,13727\",\"54,321775\"
40,43,01,0,58,,,Rendsburg-Eckernförde,,,,,,,,
50,50,01,0,58,0135,,\"Rendsburg, Stadt\",,,,,,,,
60,63,01,0,58,0135,135,\"Rendsburg, Stadt\", 23.75, 28 896, 14 496, 14 400, 1 217,24768,\"9,663206\",\"54,306495\"
10,,05,,,,,Nordrhein-Westfalen,,,,,,,,
40,41,05,3,15,,,\"Köln, Stadt\",,,,,,,,
50,50,05,3,15,0000,,\"Köln, Stadt\",,,,,,,,
60,61,05,3,15,0000,000,\"Köln, Stadt\", 405.01,1 087 863, 530 473, 557 390, 2 686,50667,\"6,957068\",\"50,938107\"
10,,06,,,,,Hessen,,,,,,,,
40,44,06,5,31,,,Gießen,,,,,,,,
60,63,06,5,31,0005,005,\"Gießen, Universitätsstadt\", 72.55, 89 802, 43 882, 45 920, 1 238,35390,\"8,674877\",\"50,586195\"
50,50,06,5,31,0008,,\"Hungen, Stadt\",,,,,,,,
60,63,06,5,31,0008,008,\"Hungen, Stadt\", 86.78, 12 596, 6 219, 6 377,  145,35410,\"8,901404\",\"50,475592\"
10,,09,,,,,Bayern,,,,,,,,
40,41,09,1,62,,,\"München, Landeshauptstadt\",,,,,,,,
50,50,09,1,62,0000,,\"München, Landeshauptstadt\",,,,,,,,
60,61,09,1,62,0000,000,\"München, Landeshauptstadt\", 310.70,1 484 226, 723 663, 760 563, 4 777,80313,\"11,575997\",\"48,137683\"
40,44,09,1,84,,,München,,,,,,,,
50,50,09,1,84,0148,,Unterhaching,,,,,,,,
60,64,09,1,84,0148,148,Unterhaching, 10.37, 25 285, 12 257, 13 028, 2 438,82008,\"11,617404\",\"48,065859\"
10,,12,,,,,Brandenburg,,,,,,,,
40,41,12,0,54,,,\"Potsdam, Stadt\",,,,,,,,
50,50,12,0,54,0000,,\"Potsdam, Stadt\",,,,,,,,
60,61,12,0,54,0000,000,\"Potsdam, Stadt\", 188.24, 180 334, 87 158, 93 176,  958,14469,\"13,05358\",\"52,400355\"
";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Register(#[from] gremium::register::RegisterError),
    #[error(transparent)]
    Store(#[from] gremium::store::StoreError),
}

/// Fills an empty database; a database that already holds municipalities is left as it is.
/// Returns whether anything was added.
pub async fn seed(db: &Db) -> Result<bool, DemoError> {
    let counts = organizations::count_by_kind(db).await?;
    if counts.get(&OrganizationKind::Land).copied().unwrap_or(0) > 0 {
        return Ok(false);
    }
    let file = RegisterFile::parse(DEMO_REGISTER.as_bytes())?;
    import_register(db, file, |_| {}).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
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
}
