//! The checks every screen gets: a screenshot under target/screenshots, an
//! axe-core audit (from ui/node_modules) with no serious or critical
//! violation, and, in French, no string left untranslated.

use anyhow::{Context, Result};
use serde_json::Value;

use crate::driver::Session;

/// The audit problems and untranslated strings found so far; the journey
/// asserts it is empty at the end, so one run reports them all.
#[derive(Debug, Default)]
pub struct Findings(pub Vec<String>);

pub async fn screenshot(session: &Session, name: &str) -> Result<()> {
    let dir = crate::target_dir().join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let png = session.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

/// Runs axe-core in the page; returns the serious and critical violations.
pub async fn audit(session: &Session) -> Result<Vec<String>> {
    let axe =
        std::fs::read_to_string(crate::workspace().join("ui/node_modules/axe-core/axe.min.js"))
            .context("axe-core is missing: run `npm ci` in ui/")?;
    session
        .script(&format!("{axe}\n;return typeof axe;"), vec![])
        .await?;
    let result = session
        .script_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(JSON.stringify(r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))
               })))))
               .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }])));",
        )
        .await?;
    let violations: Vec<Value> = serde_json::from_str(result.as_str().unwrap_or("[]"))?;
    Ok(violations
        .into_iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            format!(
                "{} ({}): {} at {}",
                v["id"], v["impact"], v["help"], v["targets"]
            )
        })
        .collect())
}

/// Visible controls a finger must hit (buttons, links, form fields) that
/// measure under 48 × 48 CSS px, the minimum for dirty hands.
/// A control inside a label counts with its label (the label is the target).
pub async fn small_targets(session: &Session) -> Result<Vec<String>> {
    let found = session
        .script(
            "const out = [];
             for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [role=button]')) {
               const target = el.closest('label') || el;
               const r = target.getBoundingClientRect();
               const style = getComputedStyle(el);
               if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
               if (el.type === 'hidden') continue;
               if (r.width < 47.5 || r.height < 47.5) {
                 const what = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || el.tagName).trim().slice(0, 40);
                 out.push(el.tagName.toLowerCase() + ' \\u201c' + what + '\\u201d ' + Math.round(r.width) + '×' + Math.round(r.height));
               }
             }
             return out;",
            vec![],
        )
        .await?;
    Ok(found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// English strings of the catalogue (those that differ from every French
/// string) that show on a page meant to be in French.
pub async fn untranslated(session: &Session) -> Result<Vec<String>> {
    let read =
        |name: &str| std::fs::read_to_string(crate::workspace().join("ui/src/lib/i18n").join(name));
    let (en, fr) = (read("en.ts")?, read("fr.ts")?);
    let values = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| {
                l.trim()
                    .split_once("': '")
                    .map(|(_, v)| v.trim_end_matches("',").to_owned())
            })
            .filter(|v| !v.contains('{'))
            .collect()
    };
    let french = values(&fr);
    let page = session.body_text().await?;
    let words: Vec<&str> = page
        .split(|c: char| !c.is_alphanumeric() && c != '’')
        .collect();
    let english: Vec<String> = values(&en)
        .into_iter()
        .filter(|v| v.len() >= 4 && !french.iter().any(|f| f.contains(v.as_str())))
        .collect();
    let mut found: Vec<String> = english
        .into_iter()
        .filter(|v| {
            if v.contains(' ') {
                page.contains(v.as_str())
            } else {
                words.contains(&v.as_str())
            }
        })
        .collect();
    // A key shown instead of its text: `today.title`.
    for w in page.split_whitespace() {
        let key_like = w.split('.').count() == 2
            && w.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
            && w.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if key_like && fr.contains(&format!("'{w}'")) {
            found.push(w.to_owned());
        }
    }
    Ok(found)
}

impl Findings {
    /// Screenshot, audit and (in French) the translation check of a screen.
    pub async fn check(&mut self, session: &Session, name: &str, french: bool) -> Result<()> {
        // Let transitions and the last re-read settle.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        screenshot(session, name).await?;
        for v in audit(session).await? {
            self.0.push(format!("{name}: {v}"));
        }
        for t in small_targets(session).await? {
            self.0
                .push(format!("{name}: touch target under 48 px: {t}"));
        }
        if french {
            for s in untranslated(session).await? {
                self.0.push(format!("{name}: untranslated `{s}`"));
            }
        }
        Ok(())
    }
}
