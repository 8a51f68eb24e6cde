//! Snapshot cases of what a user sees: tests/cmd/*.toml, the tables of
//! tests/cmd/tables-*.trycmd as 80 and 120 columns show them, and the
//! README's console examples. Refresh expected output with `TRYCMD=overwrite cargo test`.

#[test]
fn cli_cases() {
    // The commands run in a folder of their own, so that the files an
    // example writes (`db build --out rjkb.db`) land there, wherever cargo
    // builds and whatever the checkout holds.
    let scratch = tempfile::tempdir().unwrap();
    std::env::set_current_dir(scratch.path()).unwrap();
    let here = env!("CARGO_MANIFEST_DIR");
    trycmd::TestCases::new()
        .case(format!("{here}/tests/cmd/*.toml"))
        .case(format!("{here}/tests/cmd/*.trycmd"))
        .case(format!("{here}/README.md"));
}
