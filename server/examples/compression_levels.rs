//! Which compression level is worth its time for pages rendered per request
//! (`static_files::HTML_BROTLI_QUALITY`): fetches real pages from a running server (as a browser
//! would, uncompressed so the body is the page itself), then compresses each at every brotli
//! quality and gzip level and prints bytes and the time one compression takes, beside the time
//! the server took to render the page.
//!
//! Usage: `scripts/compression-levels.sh` (starts the release server), or
//! `cargo run --release -p server --example compression_levels -- http://127.0.0.1:PORT/path …`

use std::io::Write;
use std::time::{Duration, Instant};

fn brotli(page: &[u8], quality: i32) -> usize {
    brotli_window(page, quality, 22)
}

/// As tower-http streams it the window is 4 MB (lgwin 22) whatever the page's size; a window
/// just large enough for the page is far less to set up for each response.
fn brotli_window(page: &[u8], quality: i32, lgwin: i32) -> usize {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin,
        size_hint: page.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &page[..], &mut out, &params).expect("brotli");
    out.len()
}

fn gzip(page: &[u8], level: u32) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(page).expect("gzip");
    e.finish().expect("gzip").len()
}

/// The median of `runs` timings of `f`, so one descheduling does not decide a level.
fn median(runs: usize, mut f: impl FnMut() -> usize) -> (usize, Duration) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = f();
        times.push(start.elapsed());
    }
    times.sort();
    (size, times[runs / 2])
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let urls: Vec<String> = std::env::args().skip(1).collect();
    if urls.is_empty() {
        eprintln!("usage: compression_levels URL…");
        std::process::exit(2);
    }
    let client = reqwest::Client::new();
    println!("page\tcodec\tlevel\tbytes\tµs per compression\tserver render µs (median)");
    for url in urls {
        let mut render = Vec::new();
        let mut page = Vec::new();
        for _ in 0..21 {
            let start = Instant::now();
            let body = client
                .get(&url)
                .header("accept-encoding", "identity")
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("page");
            page = body.bytes().await.expect("body").to_vec();
            render.push(start.elapsed());
        }
        render.sort();
        let render_us = render[render.len() / 2].as_micros();
        let name = url.split_once("://").map_or(&url[..], |(_, rest)| rest);
        let name = name.find('/').map_or("/", |i| &name[i..]);
        println!("{name}\tnone\t-\t{}\t0\t{render_us}", page.len());
        for q in 0..=11 {
            let runs = if q >= 10 { 5 } else { 41 };
            let (bytes, t) = median(runs, || brotli(&page, q));
            println!("{name}\tbr\t{q}\t{bytes}\t{}\t{render_us}", t.as_micros());
        }
        let fit = (page.len().max(1 << 10) as f64).log2().ceil() as i32;
        for q in 4..=6 {
            let (bytes, t) = median(41, || brotli_window(&page, q, fit.clamp(10, 24)));
            println!(
                "{name}\tbr, window {} KB\t{q}\t{bytes}\t{}\t{render_us}",
                1 << (fit - 10),
                t.as_micros()
            );
        }
        for level in [1, 4, 6, 9] {
            let (bytes, t) = median(41, || gzip(&page, level));
            println!(
                "{name}\tgzip\t{level}\t{bytes}\t{}\t{render_us}",
                t.as_micros()
            );
        }
    }
}
