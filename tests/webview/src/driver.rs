//! A minimal W3C WebDriver client: sessions, elements, scripts, screenshots.
//! Every wait polls with a deadline, so a journey never hangs.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

#[derive(Debug)]
pub struct Session {
    http: reqwest::Client,
    base: String,
    id: String,
}

#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Starts the app through tauri-driver at `port`.
    pub async fn start(port: u16, application: &str) -> Result<Session> {
        // The workspace builds reqwest without a default TLS provider (the
        // sync client brings its own); WebDriver is plain HTTP on loopback,
        // but reqwest wants a provider installed before it builds a client.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": application}
        }}});
        let response: Value = tokio::time::timeout(
            Duration::from_secs(60),
            http.post(format!("{base}/session")).json(&caps).send(),
        )
        .await
        .context("the webview session did not start within 60 s")??
        .json()
        .await?;
        let id = response["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("no session: {response}"))?
            .to_owned();
        Ok(Session { http, base, id })
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let url = format!("{}/session/{}{path}", self.base, self.id);
        let mut request = self.http.request(method, &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response: Value = request.send().await?.json().await?;
        if let Some(error) = response["value"]["error"].as_str() {
            bail!("{path}: {error}: {}", response["value"]["message"]);
        }
        Ok(response["value"].clone())
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Result<Value> {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let found = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT].as_str().map(|s| Element(s.to_owned())))
            .collect())
    }

    /// The first element matching `css`, waiting up to `secs` for it.
    pub async fn wait(&self, css: &str, secs: u64) -> Result<Element> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(e) = self.find_all(css).await?.into_iter().next() {
                return Ok(e);
            }
            if Instant::now() > deadline {
                bail!("no element `{css}` after {secs} s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `css` matches nothing.
    pub async fn wait_gone(&self, css: &str, secs: u64) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !self.find_all(css).await?.is_empty() {
            if Instant::now() > deadline {
                bail!("`{css}` still there after {secs} s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        let e = self.wait(css, 10).await?;
        self.click_element(&e)
            .await
            .with_context(|| format!("clicking `{css}`"))
    }

    pub async fn click_element(&self, e: &Element) -> Result<()> {
        // Scripted clicks are immune to the element being under the toast.
        self.script(
            "arguments[0].scrollIntoView({block:'center'}); arguments[0].click(); return true;",
            vec![json!({ELEMENT: e.0})],
        )
        .await
        .map(|_| ())
    }

    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let e = self.wait(css, 10).await?;
        self.post(&format!("/element/{}/clear", e.0), json!({}))
            .await?;
        self.post(&format!("/element/{}/value", e.0), json!({"text": text}))
            .await
            .map(|_| ())
    }

    pub async fn text(&self, css: &str) -> Result<String> {
        let e = self.wait(css, 10).await?;
        Ok(self
            .get(&format!("/element/{}/text", e.0))
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    pub async fn attribute(&self, css: &str, name: &str) -> Result<Option<String>> {
        let e = self.wait(css, 10).await?;
        Ok(self
            .get(&format!("/element/{}/attribute/{name}", e.0))
            .await?
            .as_str()
            .map(str::to_owned))
    }

    /// Waits until `css`'s attribute `name` equals `value`.
    pub async fn wait_attribute(
        &self,
        css: &str,
        name: &str,
        value: &str,
        secs: u64,
    ) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let now = self.attribute(css, name).await.ok().flatten();
            if now.as_deref() == Some(value) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("`{css}` has {name}={now:?}, not {value:?}, after {secs} s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's visible text contains `needle`.
    pub async fn wait_text(&self, needle: &str, secs: u64) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if self.body_text().await?.contains(needle) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the page does not show `{needle}` after {secs} s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn body_text(&self) -> Result<String> {
        Ok(self
            .script("return document.body.innerText;", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    pub async fn script(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/sync", json!({"script": script, "args": args}))
            .await
    }

    pub async fn script_async(&self, script: &str) -> Result<Value> {
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    pub async fn screenshot(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let data = self.get("/screenshot").await?;
        Ok(base64::engine::general_purpose::STANDARD.decode(data.as_str().unwrap_or_default())?)
    }

    pub async fn set_window(&self, width: u32, height: u32) -> Result<()> {
        self.post("/window/rect", json!({"width": width, "height": height}))
            .await
            .map(|_| ())
    }

    pub async fn quit(&self) -> Result<()> {
        let url = format!("{}/session/{}", self.base, self.id);
        self.http.delete(url).send().await?;
        Ok(())
    }
}
