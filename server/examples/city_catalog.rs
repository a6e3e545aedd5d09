//! Writes the synthetic city-scale catalog (3,900 items, 1,008 packages, 40 departments; see
//! `app/benches/synthetic.rs`) as catalog JSON on standard output, for the server's
//! `YIJIAN_CATALOG` switch:
//!
//! ```sh
//! cargo run -p server --example city_catalog > city-catalog.json
//! YIJIAN_CATALOG=city-catalog.json bash scripts/run.sh
//! ```
//!
//! Generated rather than committed: the same seed always gives the same catalog, and the file
//! is several megabytes.

#[path = "../../app/benches/synthetic.rs"]
mod synthetic;

fn main() {
    let catalog = synthetic::catalog(42);
    match serde_json::to_string(&catalog) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("the synthetic catalog does not serialise: {e}");
            std::process::exit(1);
        }
    }
}
