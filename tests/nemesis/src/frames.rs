//! A loopback proxy that understands WebSocket framing, so it can hurt a
//! sync session the way a bad network does: partition (refuse and cut every
//! connection), delay frames, drop whole frames, deliver frames twice, and
//! cut a connection after some bytes (mid-frame). The existing byte proxy of
//! `carnet-e2e` only cuts; dropping or duplicating needs frame boundaries.
//!
//! Only binary data frames are dropped or duplicated: a dropped close or
//! ping would test tungstenite, not Carnet. Plain HTTP (enrollment, health)
//! passes through untouched.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the network does to a device right now. `Faults::default()` is a
/// healthy network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// New connections are closed at once; live ones are cut.
    pub partitioned: bool,
    /// Each data frame waits up to this long before it is forwarded.
    pub delay_max_ms: u64,
    /// Chance, per thousand data frames, that one is silently lost.
    pub drop_per_mille: u32,
    /// Chance, per thousand data frames, that one is delivered twice.
    pub dup_per_mille: u32,
    /// Each new connection is cut after this many bytes (both directions).
    pub cut_after: Option<usize>,
}

/// What the proxy did, for the scenario's tally.
#[derive(Debug, Default)]
pub struct Counters {
    pub dropped: AtomicU64,
    pub duplicated: AtomicU64,
    pub delayed: AtomicU64,
    pub cut: AtomicU64,
    pub refused: AtomicU64,
}

#[derive(Debug)]
pub struct FrameProxy {
    pub addr: SocketAddr,
    faults: Arc<Mutex<Faults>>,
    /// Bumped when a partition starts: every live connection ends.
    epoch: watch::Sender<u64>,
    pub counters: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FrameProxy {
    fn drop(&mut self) {
        self.task.abort();
        // Live connections end with the partition signal.
        self.epoch.send_modify(|e| *e += 1);
    }
}

impl FrameProxy {
    /// Listens on 127.0.0.1:0 and forwards to `upstream`. `seed` drives
    /// which frames are dropped, duplicated or delayed (per connection).
    pub async fn start(upstream: SocketAddr, seed: u64) -> std::io::Result<FrameProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let faults = Arc::new(Mutex::new(Faults::default()));
        let (epoch, _) = watch::channel(0u64);
        let counters = Arc::new(Counters::default());
        let (f, e, c) = (faults.clone(), epoch.clone(), counters.clone());
        let task = tokio::spawn(async move {
            let mut index = 0u64;
            while let Ok((client, _)) = listener.accept().await {
                index += 1;
                let now = *f.lock().expect("faults lock");
                if now.partitioned {
                    c.refused.fetch_add(1, Ordering::SeqCst);
                    drop(client);
                    continue;
                }
                let conn_seed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index;
                tokio::spawn(handle(
                    client,
                    upstream,
                    conn_seed,
                    f.clone(),
                    e.subscribe(),
                    c.clone(),
                    now.cut_after,
                ));
            }
        });
        Ok(FrameProxy {
            addr,
            faults,
            epoch,
            counters,
            task,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
        if faults.partitioned {
            self.epoch.send_modify(|e| *e += 1);
        }
    }

    pub fn faults(&self) -> Faults {
        *self.faults.lock().expect("faults lock")
    }

    pub fn heal(&self) {
        self.set(Faults::default());
    }
}

async fn handle(
    client: TcpStream,
    upstream: SocketAddr,
    seed: u64,
    faults: Arc<Mutex<Faults>>,
    mut epoch: watch::Receiver<u64>,
    counters: Arc<Counters>,
    cut_after: Option<usize>,
) {
    let connecting = tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(upstream));
    let Ok(Ok(server)) = connecting.await else {
        // The server is down: the client sees its connection closed.
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    let budget = Arc::new(AtomicUsize::new(cut_after.unwrap_or(usize::MAX)));
    let up = relay(
        cr,
        sw,
        StdRng::seed_from_u64(seed),
        faults.clone(),
        counters.clone(),
        budget.clone(),
    );
    let down = relay(
        sr,
        cw,
        StdRng::seed_from_u64(seed ^ 1),
        faults,
        counters,
        budget,
    );
    // Either side closing, a cut, or a partition ends both directions: the
    // halves are dropped, which closes both sockets.
    tokio::select! {
        () = up => {}
        () = down => {}
        _ = epoch.changed() => {}
    }
}

/// Copies one direction: the HTTP head whole, then WebSocket frames one by
/// one, each possibly delayed, dropped or doubled.
async fn relay(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    mut rng: StdRng,
    faults: Arc<Mutex<Faults>>,
    counters: Arc<Counters>,
    budget: Arc<AtomicUsize>,
) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    // Until the HTTP head has passed we do not know whether frames follow.
    let mut head_done = false;
    let mut framed = false;
    loop {
        let n = match from.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                // Whatever is left (a torn frame, an HTTP body) goes as is.
                let _ = forward(&mut to, &buf, &budget, &counters).await;
                return;
            }
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if !head_done {
            let Some(end) = find(&buf, b"\r\n\r\n") else {
                if buf.len() > 64 * 1024 {
                    return;
                }
                continue;
            };
            let head: Vec<u8> = buf.drain(..end + 4).collect();
            let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
            // A WebSocket upgrade request, or the server's 101 answer.
            framed = text.contains("upgrade: websocket") || text.starts_with("http/1.1 101");
            if !forward(&mut to, &head, &budget, &counters).await {
                return;
            }
            head_done = true;
        }
        if !framed {
            if !forward(&mut to, &buf, &budget, &counters).await {
                return;
            }
            buf.clear();
            continue;
        }
        while let Some(len) = frame_len(&buf) {
            let frame: Vec<u8> = buf.drain(..len).collect();
            let now = *faults.lock().expect("faults lock");
            // Draw the same numbers for every frame, faulty or not, so the
            // fates of later frames do not depend on the settings of earlier.
            let (delay, drop_roll, dup_roll) = (
                rng.random_range(0..=now.delay_max_ms),
                rng.random_range(0..1000u32),
                rng.random_range(0..1000u32),
            );
            let data = is_data(&frame);
            if data && delay > 0 {
                counters.delayed.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            if data && drop_roll < now.drop_per_mille {
                counters.dropped.fetch_add(1, Ordering::SeqCst);
                continue;
            }
            if !forward(&mut to, &frame, &budget, &counters).await {
                return;
            }
            if data && dup_roll < now.dup_per_mille {
                counters.duplicated.fetch_add(1, Ordering::SeqCst);
                if !forward(&mut to, &frame, &budget, &counters).await {
                    return;
                }
            }
        }
    }
}

/// Writes `bytes` unless the connection's byte budget runs out, in which
/// case it writes what fits and reports the cut.
async fn forward(
    to: &mut OwnedWriteHalf,
    bytes: &[u8],
    budget: &AtomicUsize,
    counters: &Counters,
) -> bool {
    if bytes.is_empty() {
        return true;
    }
    let left = budget.load(Ordering::SeqCst);
    if left != usize::MAX {
        if bytes.len() >= left {
            let _ = to.write_all(&bytes[..left]).await;
            budget.store(0, Ordering::SeqCst);
            counters.cut.fetch_add(1, Ordering::SeqCst);
            return false;
        }
        budget.fetch_sub(bytes.len(), Ordering::SeqCst);
    }
    to.write_all(bytes).await.is_ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The length of the complete frame at the start of `buf`, if it is all
/// there (RFC 6455 §5.2).
fn frame_len(buf: &[u8]) -> Option<usize> {
    if buf.len() < 2 {
        return None;
    }
    let masked = buf[1] & 0x80 != 0;
    let (len, mut header) = match buf[1] & 0x7f {
        126 => {
            if buf.len() < 4 {
                return None;
            }
            (u64::from(u16::from_be_bytes([buf[2], buf[3]])), 4usize)
        }
        127 => {
            if buf.len() < 10 {
                return None;
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&buf[2..10]);
            (u64::from_be_bytes(b), 10usize)
        }
        n => (u64::from(n), 2usize),
    };
    if masked {
        header += 4;
    }
    let total = header.checked_add(usize::try_from(len).ok()?)?;
    (buf.len() >= total).then_some(total)
}

/// A whole (FIN) binary or text frame: one protocol message.
fn is_data(frame: &[u8]) -> bool {
    let fin = frame[0] & 0x80 != 0;
    let opcode = frame[0] & 0x0f;
    fin && (opcode == 1 || opcode == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_lengths_follow_rfc_6455() {
        assert_eq!(frame_len(&[0x82, 0x03, 1, 2, 3]), Some(5));
        assert_eq!(frame_len(&[0x82, 0x83, 0, 0, 0, 0, 1, 2, 3]), Some(9));
        assert_eq!(frame_len(&[0x82, 0x83, 0, 0, 0, 0, 1, 2]), None);
        let mut long = vec![0x82, 126, 0x01, 0x00];
        long.extend(std::iter::repeat_n(0u8, 256));
        assert_eq!(frame_len(&long), Some(260));
        assert!(is_data(&[0x82, 0]));
        assert!(!is_data(&[0x88, 0]));
    }
}
