pub mod generate {
    pub struct GenOptions {
        pub reports: usize,
        pub seed: u64,
        pub start: &'static str,
        pub days: u32,
    }
    impl Default for GenOptions {
        fn default() -> Self {
            GenOptions {
                reports: 0,
                seed: 0,
                start: "2025-03-01",
                days: 75,
            }
        }
    }
    pub fn generate<W: std::io::Write>(
        _o: &GenOptions,
        _w: W,
        _p: &mut dyn FnMut(usize),
    ) -> std::io::Result<()> {
        Ok(())
    }
}
pub mod demo {
    pub fn demo_csv() -> String {
        String::new()
    }
}
