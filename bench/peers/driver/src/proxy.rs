//! The counting loopback proxy put in front of every server, the same for
//! all three systems, so bytes and round trips are counted the same way
//! whatever the protocol: TCP payload bytes each way (HTTP or WebSocket
//! headers and framing included), connections, and round trips.
//!
//! A round trip is a turn of a connection: the client sent something, then
//! the server answered. For HTTP/1.1 without pipelining (PouchDB's client)
//! that is one per request; for a WebSocket it counts each time the server
//! answers after the client spoke, however many messages each side batched.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub up: AtomicU64,
    pub down: AtomicU64,
    pub connections: AtomicU64,
    pub turns: AtomicU64,
}

/// A snapshot of the counters; phases are measured as differences.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counts {
    pub up: u64,
    pub down: u64,
    pub connections: u64,
    pub turns: u64,
}

impl Counts {
    pub(crate) fn since(self, before: Counts) -> Counts {
        Counts {
            up: self.up - before.up,
            down: self.down - before.down,
            connections: self.connections - before.connections,
            turns: self.turns - before.turns,
        }
    }
}

#[derive(Debug)]
pub(crate) struct CountingProxy {
    pub addr: SocketAddr,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// Who spoke last on a connection.
const NOBODY: u8 = 0;
const CLIENT: u8 = 1;
const SERVER: u8 = 2;

impl CountingProxy {
    pub(crate) async fn start(upstream: SocketAddr) -> std::io::Result<CountingProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let c = counters.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let c = c.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    c.connections.fetch_add(1, Ordering::Relaxed);
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let last = Arc::new(AtomicU8::new(NOBODY));
                    let (mut cr, mut cw) = client.into_split();
                    let (mut sr, mut sw) = server.into_split();
                    let (c1, l1) = (c.clone(), last.clone());
                    let up = async move { copy(&mut cr, &mut sw, &c1, &l1, CLIENT).await };
                    let down = async move { copy(&mut sr, &mut cw, &c, &last, SERVER).await };
                    // Each direction ends on its own: a half-closed HTTP
                    // connection may still carry the answer.
                    let _ = tokio::join!(up, down);
                });
            }
        });
        Ok(CountingProxy {
            addr,
            counters,
            task,
        })
    }

    pub(crate) fn counts(&self) -> Counts {
        Counts {
            up: self.counters.up.load(Ordering::SeqCst),
            down: self.counters.down.load(Ordering::SeqCst),
            connections: self.counters.connections.load(Ordering::SeqCst),
            turns: self.counters.turns.load(Ordering::SeqCst),
        }
    }

    pub(crate) fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn copy(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    counters: &Counters,
    last: &AtomicU8,
    side: u8,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let total = if side == CLIENT {
            &counters.up
        } else {
            &counters.down
        };
        total.fetch_add(n as u64, Ordering::Relaxed);
        let before = last.swap(side, Ordering::SeqCst);
        if side == SERVER && before == CLIENT {
            counters.turns.fetch_add(1, Ordering::Relaxed);
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
