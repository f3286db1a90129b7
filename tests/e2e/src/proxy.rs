//! A loopback TCP proxy between devices and the server that can cut every
//! connection after a number of bytes, mid-frame.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The proxy's handle. Dropping it stops accepting; live connections end
/// with their sockets.
#[derive(Debug)]
pub struct Proxy {
    pub addr: SocketAddr,
    /// Bytes (both directions) after which each new connection is cut;
    /// `usize::MAX` lets connections through whole.
    cut_after: Arc<AtomicUsize>,
    /// How many connections were cut so far.
    pub cuts: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let cut_after = Arc::new(AtomicUsize::new(usize::MAX));
        let cuts = Arc::new(AtomicUsize::new(0));
        let (limit, counted) = (cut_after.clone(), cuts.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let limit = limit.load(Ordering::SeqCst);
                let counted = counted.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await
                        && pipe(client, server, limit).await
                    {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        Ok(Proxy {
            addr,
            cut_after,
            cuts,
            task,
        })
    }

    /// Cuts each new connection after `bytes` bytes have crossed it.
    pub fn cut_after(&self, bytes: usize) {
        self.cut_after.store(bytes, Ordering::SeqCst);
    }

    pub fn heal(&self) {
        self.cut_after.store(usize::MAX, Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Copies both ways until either side closes or `limit` bytes have crossed.
/// Returns whether it cut the connection.
async fn pipe(client: TcpStream, server: TcpStream, limit: usize) -> bool {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let budget = Arc::new(AtomicUsize::new(limit));
    let (b1, b2) = (budget.clone(), budget.clone());
    let up = async move { copy_limited(&mut cr, &mut sw, &b1).await };
    let down = async move { copy_limited(&mut sr, &mut cw, &b2).await };
    let (cut_up, cut_down) = tokio::select! {
        r = up => (r, false),
        r = down => (false, r),
    };
    cut_up || cut_down
}

async fn copy_limited(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    budget: &AtomicUsize,
) -> bool {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        let left = budget.load(Ordering::SeqCst);
        if left != usize::MAX && n >= left {
            // Forward part of this chunk, then cut: the frame is torn.
            let _ = to.write_all(&buf[..left]).await;
            budget.store(0, Ordering::SeqCst);
            return true;
        }
        if left != usize::MAX {
            budget.fetch_sub(n, Ordering::SeqCst);
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return false;
        }
    }
}
