//! The server a device syncs with: its address and this device's token,
//! kept in the local store's metadata, never in a CRDT document (a document
//! syncs to every device; a token must not).

use serde::{Deserialize, Serialize};

use crate::error::{ClientError, Result};
use carnet_store::Store;

/// Where to sync and with which credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Remote {
    /// The server's base address, `http://host:port` (ws:// accepted).
    pub url: String,
    pub token: String,
    /// A CA to trust besides the system's roots (PEM), for a server with a
    /// self-signed certificate; kept in the store with the address.
    pub ca: Option<String>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a token in logs.
        f.debug_struct("Remote")
            .field("url", &self.url)
            .field("token", &"…")
            .field("ca", &self.ca.as_ref().map(|_| "PEM"))
            .finish()
    }
}

/// What the server says about this device's token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    pub farm_id: String,
    pub farm_name: String,
    pub device_id: String,
    pub device_name: String,
    pub role: String,
}

const META_URL: &str = "server_url";
const META_TOKEN: &str = "server_token";
const META_ROLE: &str = carnet_store::DEVICE_ROLE;
const META_DEVICE: &str = "server_device_id";
/// The extra CA (PEM); empty when the server needs none.
const META_CA: &str = "server_ca";

impl Remote {
    pub fn new(url: &str, token: &str) -> Result<Remote> {
        let url = url.trim().trim_end_matches('/').to_owned();
        let scheme_ok = ["http://", "https://", "ws://", "wss://"]
            .iter()
            .any(|s| url.starts_with(s));
        if !scheme_ok || url.len() < 10 {
            return Err(ClientError::BadUrl(url));
        }
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(ClientError::Refused("the token is empty".into()));
        }
        Ok(Remote {
            url,
            token,
            ca: None,
        })
    }

    /// Also trusts the CA certificate(s) of `pem` for this server, e.g. the
    /// self-signed certificate of the farm's base server. Checked here, so a
    /// bad file is refused at enrollment, not at the first sync.
    pub fn with_ca(mut self, pem: &str) -> Result<Remote> {
        crate::tls::parse_ca(pem)?;
        self.ca = Some(pem.to_owned());
        Ok(self)
    }

    /// The remote this store is enrolled with.
    pub fn of(store: &Store) -> Result<Remote> {
        match (store.meta(META_URL)?, store.meta(META_TOKEN)?) {
            (Some(url), Some(token)) => {
                let remote = Remote::new(&url, &token)?;
                match store.meta(META_CA)?.filter(|pem| !pem.trim().is_empty()) {
                    Some(pem) => remote.with_ca(&pem),
                    None => Ok(remote),
                }
            }
            _ => Err(ClientError::NotEnrolled),
        }
    }

    /// The TLS configuration for an `https://`/`wss://` address: the
    /// system's roots plus this remote's CA.
    pub(crate) fn tls_config(&self) -> Result<std::sync::Arc<rustls::ClientConfig>> {
        crate::tls::client_config(self.ca.as_deref())
    }

    /// What the WebSocket connects with: the same trust as [`Remote::whoami`].
    pub(crate) fn connector(&self) -> Result<tokio_tungstenite::Connector> {
        Ok(tokio_tungstenite::Connector::Rustls(self.tls_config()?))
    }

    fn http_base(&self) -> String {
        if let Some(rest) = self.url.strip_prefix("ws://") {
            format!("http://{rest}")
        } else if let Some(rest) = self.url.strip_prefix("wss://") {
            format!("https://{rest}")
        } else {
            self.url.clone()
        }
    }

    /// The WebSocket address, the token in the query string (what an
    /// automerge-repo client can carry too).
    pub fn websocket_url(&self) -> String {
        let base = self.http_base();
        let ws = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else {
            base.replacen("http://", "ws://", 1)
        };
        format!("{ws}/?token={}", self.token)
    }

    /// Asks the server who this token belongs to.
    pub async fn whoami(&self, timeout: std::time::Duration) -> Result<WhoAmI> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .use_preconfigured_tls((*self.tls_config()?).clone())
            .build()
            .map_err(|e| ClientError::Unreachable {
                url: self.url.clone(),
                problem: e.to_string(),
            })?;
        let response = client
            .get(format!("{}/v1/whoami", self.http_base()))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| ClientError::Unreachable {
                url: self.url.clone(),
                problem: error_chain(&e),
            })?;
        match response.status().as_u16() {
            200 => response
                .json()
                .await
                .map_err(|e| ClientError::Protocol(format!("whoami: {e}"))),
            401 | 403 => Err(ClientError::Refused(
                "the token is unknown or revoked".into(),
            )),
            code => Err(ClientError::Protocol(format!(
                "whoami answered HTTP {code}"
            ))),
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Enrolls this store with a server: checks the token, joins the server's
/// farm, and keeps the address and token in the store. A store that holds no
/// farm adopts the server's; a store that holds the same farm keeps all its
/// work and will send it at the next sync; a store that holds another farm is
/// refused, because its work could never reach the server's farm.
pub async fn enroll(store: &std::sync::Mutex<Store>, remote: &Remote) -> Result<WhoAmI> {
    // Ask first, lock after: the store is never held across the network.
    let who = remote.whoami(std::time::Duration::from_secs(10)).await?;
    let mut store = crate::session::lock(store);
    adopt(&mut store, remote, &who)?;
    Ok(who)
}

/// Applies a server's answer to the store: joins its farm, keeps the
/// address and the token.
fn adopt(store: &mut Store, remote: &Remote, who: &WhoAmI) -> Result<()> {
    let server_farm: carnet_core::ids::FarmId = who
        .farm_id
        .parse()
        .map_err(|e: carnet_core::Error| ClientError::Protocol(format!("whoami farm id: {e}")))?;
    match store.farm_id() {
        Ok(local) if local != server_farm => {
            return Err(ClientError::OtherFarm {
                local: local.to_string(),
                server: server_farm.to_string(),
            });
        }
        Ok(_) => {}
        Err(_) => store.adopt_farm(server_farm)?,
    }
    // A device nobody named yet takes the name its supervisor enrolled it
    // under: that is the name conflicts and records will show.
    if store.meta(carnet_store::DEVICE_LABEL)?.is_none() {
        store.set_device_label(&who.device_name)?;
    }
    store.set_meta(META_URL, &remote.url)?;
    store.set_meta(META_TOKEN, &remote.token)?;
    store.set_meta(META_ROLE, &who.role)?;
    store.set_meta(META_DEVICE, &who.device_id)?;
    store.set_meta(META_CA, remote.ca.as_deref().unwrap_or(""))?;
    Ok(())
}

/// The role the server gave this device at enrollment (`field`, `base`,
/// `viewer`), if enrolled.
pub fn enrolled_role(store: &Store) -> Result<Option<String>> {
    Ok(store.meta(META_ROLE)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_url_carries_the_token() {
        let r = Remote::new("http://127.0.0.1:3030/", "cst_abc").unwrap();
        assert_eq!(r.websocket_url(), "ws://127.0.0.1:3030/?token=cst_abc");
        let r = Remote::new("wss://sync.example.org", "t").unwrap();
        assert_eq!(r.websocket_url(), "wss://sync.example.org/?token=t");
        assert_eq!(r.http_base(), "https://sync.example.org");
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert!(matches!(
            Remote::new("ftp://x.org", "t"),
            Err(ClientError::BadUrl(_))
        ));
        assert!(matches!(
            Remote::new("127.0.0.1:3030", "t"),
            Err(ClientError::BadUrl(_))
        ));
        assert!(matches!(
            Remote::new("http://127.0.0.1:3030", " "),
            Err(ClientError::Refused(_))
        ));
    }

    #[test]
    fn a_ca_file_that_holds_no_certificate_is_refused_at_enrollment() {
        let r = Remote::new("https://192.168.1.10:3030", "t").unwrap();
        for bad in ["", "not a certificate", "-----BEGIN CERTIFICATE-----\nAAAA"] {
            let err = r.clone().with_ca(bad).unwrap_err();
            assert_eq!(err.code(), "bad_certificate", "{bad:?}: {err}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let r = Remote::new("http://127.0.0.1:3030", "cst_secret").unwrap();
        assert!(!format!("{r:?}").contains("secret"));
    }
}
