//! Snapshot cases of what a user sees: tests/cmd/*.toml and the README's
//! console examples. Refresh expected output with `TRYCMD=overwrite cargo test`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("README.md");
}
