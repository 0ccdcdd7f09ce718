//! Distances on the Earth's surface, on a sphere: at the scale of the
//! correlator's windows (kilometres to a few hundred kilometres) the sphere's
//! error against the ellipsoid (under 0.5 %) is far below the precision of the
//! reported places.

use truce_model::LatLon;

/// The IUGG mean Earth radius, in kilometres (kept with [`LatLon`]).
pub use truce_model::EARTH_MEAN_RADIUS_KM;

/// Kilometres per degree of latitude on the sphere (and per degree of
/// longitude at the equator).
pub const KM_PER_DEGREE_LAT: f64 = EARTH_MEAN_RADIUS_KM * std::f64::consts::PI / 180.0;

/// Great-circle distance between two points, in kilometres: the one
/// haversine, [`LatLon::distance_km`].
pub fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    a.distance_km(b)
}

/// Kilometres per degree of longitude along the parallel at `lat` degrees.
pub fn km_per_degree_lon(lat: f64) -> f64 {
    (KM_PER_DEGREE_LAT * lat.to_radians().cos()).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn known_distances() {
        let kyiv = LatLon::new(50.450, 30.524);
        let kharkiv = LatLon::new(49.994, 36.231);
        let odesa = LatLon::new(46.482, 30.723);
        // Reference great-circle distances, within a kilometre.
        assert!(
            close(haversine_km(kyiv, kharkiv), 409.0, 3.0),
            "{}",
            haversine_km(kyiv, kharkiv)
        );
        assert!(
            close(haversine_km(kyiv, odesa), 441.5, 3.0),
            "{}",
            haversine_km(kyiv, odesa)
        );
        assert_eq!(haversine_km(kyiv, kyiv), 0.0);
        // A quarter of the meridian.
        let q = haversine_km(LatLon::new(0.0, 0.0), LatLon::new(90.0, 0.0));
        assert!(close(
            q,
            EARTH_MEAN_RADIUS_KM * std::f64::consts::FRAC_PI_2,
            1e-6
        ));
    }

    #[test]
    fn degree_lengths() {
        assert!(close(KM_PER_DEGREE_LAT, 111.195, 0.001));
        assert!(close(km_per_degree_lon(0.0), KM_PER_DEGREE_LAT, 1e-9));
        assert!(close(
            km_per_degree_lon(60.0),
            KM_PER_DEGREE_LAT / 2.0,
            1e-9
        ));
        assert!(km_per_degree_lon(90.0) < 1e-9);
        assert!(km_per_degree_lon(-45.0) > 78.0);
    }

    fn point() -> impl Strategy<Value = LatLon> {
        (-90.0..=90.0f64, -180.0..=180.0f64).prop_map(|(lat, lon)| LatLon::new(lat, lon))
    }

    proptest! {
        #[test]
        fn haversine_is_a_metric(a in point(), b in point(), c in point()) {
            let ab = haversine_km(a, b);
            prop_assert!(ab >= 0.0);
            prop_assert!(ab <= EARTH_MEAN_RADIUS_KM * std::f64::consts::PI + 1e-6);
            prop_assert!(close(ab, haversine_km(b, a), 1e-6));
            prop_assert!(haversine_km(a, c) <= ab + haversine_km(b, c) + 1e-6);
        }

        #[test]
        fn short_hops_match_the_flat_approximation(a in (40.0..55.0f64, 20.0..45.0f64), d in (-0.05..0.05f64, -0.05..0.05f64)) {
            let p = LatLon::new(a.0, a.1);
            let q = LatLon::new(a.0 + d.0, a.1 + d.1);
            let dx = d.1 * km_per_degree_lon(a.0);
            let dy = d.0 * KM_PER_DEGREE_LAT;
            prop_assert!(close(haversine_km(p, q), dx.hypot(dy), 0.05));
        }
    }
}
