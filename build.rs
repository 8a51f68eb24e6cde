//! Builds the built-in data into a database image at compile time, with
//! the very loader `rjkb db build` runs (the library's own modules,
//! compiled into this script), so that a fresh install answers its first
//! query from an image embedded in the binary (`src/builtin.rs`) instead
//! of loading `seed/` on every call or caching it in a file.
//!
//! The loader's modules use `crate::` paths; the `use` below makes those
//! resolve here as they do in the library.

#[path = "src"]
#[allow(dead_code, unused_imports)]
mod rjkb {
    pub mod address;
    pub mod author;
    pub mod dates;
    pub mod db;
    pub mod dbfile;
    pub mod derived;
    pub mod files;
    pub mod model;
    pub mod names;
    pub mod seed;
    pub mod terminal;
}

use rjkb::*;

fn main() {
    println!("cargo::rerun-if-changed=seed");
    println!("cargo::rerun-if-changed=migrations");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let image = out.join("builtin.db");
    let _ = std::fs::remove_file(&image);
    if let Err(error) = seed::build_file(&image, &seed::DataSource::BuiltIn) {
        panic!("building the built-in data: {error:#}");
    }
}
