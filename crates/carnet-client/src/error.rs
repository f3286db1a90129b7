//! Errors of the sync client, each saying what the person can do about it.

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("server {url} is unreachable: {problem}")]
    Unreachable { url: String, problem: String },

    #[error("server refused this device: {0}")]
    Refused(String),

    #[error("server address `{0}` is not an http://, https://, ws:// or wss:// address")]
    BadUrl(String),

    #[error(
        "this device is not enrolled with a server: run `carnet enroll --server URL --token TOKEN`"
    )]
    NotEnrolled,

    #[error(
        "this device holds the farm {local}, but the server's token is for the farm {server}: its work would not reach that farm; use a fresh data folder for the other farm"
    )]
    OtherFarm { local: String, server: String },

    #[error("the server's CA certificate is not usable: {0}")]
    BadCertificate(String),

    #[error("server broke the protocol: {0}")]
    Protocol(String),

    #[error("sync did not finish within {0} s")]
    Timeout(u64),

    #[error(transparent)]
    Store(#[from] carnet_store::StoreError),
}

impl ClientError {
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Unreachable { .. } => "unreachable",
            ClientError::Refused(_) => "refused",
            ClientError::BadUrl(_) => "bad_url",
            ClientError::NotEnrolled => "not_enrolled",
            ClientError::OtherFarm { .. } => "other_farm",
            ClientError::BadCertificate(_) => "bad_certificate",
            ClientError::Protocol(_) => "protocol",
            ClientError::Timeout(_) => "timeout",
            ClientError::Store(e) => e.code(),
        }
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;
