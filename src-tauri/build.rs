//! Embeds the built interface (`ui/dist`) and the app's capabilities.
//!
//! On a fresh clone `ui/dist` does not exist until `npm run build` (run.sh
//! and test.sh do it first); so that `cargo build --workspace` still works
//! there, a one-page placeholder saying how to build the interface is
//! written in its place.
fn main() {
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        println!(
            "cargo:warning=ui/dist is missing: embedding a placeholder (run `npm run build` in ui/)"
        );
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Carnet</title>\
             <p>The interface is not built: run <code>./run.sh</code>, or <code>npm ci &amp;&amp; npm run build</code> in <code>ui/</code>, then rebuild.</p></html>\n",
        );
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
