//! TLS for `https://` and `wss://` servers: rustls with the ring provider,
//! trusting the system's roots (what the machine's browser trusts) and, for
//! a farm's own base server with a self-signed certificate, one extra CA
//! given at enrollment and kept in the store with the address.
//!
//! The same configuration serves the HTTP client (enroll, status) and the
//! WebSocket (sync), so the two cannot disagree about whom to trust.

use std::sync::{Arc, OnceLock};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};

use crate::error::{ClientError, Result};

/// The system's roots, read once per process (a few hundred files).
fn system_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::debug!(%error, "a system certificate could not be read");
        }
        let mut roots = RootCertStore::empty();
        let (added, ignored) = roots.add_parsable_certificates(found.certs);
        tracing::debug!(added, ignored, "system TLS roots");
        roots
    })
}

/// The certificates of a PEM text; an error if it holds none or a bad one.
pub(crate) fn parse_ca(pem: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| ClientError::BadCertificate(e.to_string()))?;
    if certs.is_empty() {
        return Err(ClientError::BadCertificate(
            "no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into(),
        ));
    }
    Ok(certs)
}

/// The client configuration: the system's roots plus `extra_ca` (PEM).
pub(crate) fn client_config(extra_ca: Option<&str>) -> Result<Arc<ClientConfig>> {
    let mut roots = system_roots().clone();
    if let Some(pem) = extra_ca {
        for cert in parse_ca(pem)? {
            roots
                .add(cert)
                .map_err(|e| ClientError::BadCertificate(e.to_string()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ClientError::BadCertificate(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}
