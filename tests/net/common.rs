//! Dependencies for the proxies to stand in front of: real loopback servers.

use std::net::SocketAddr;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// A dependency that echoes every byte back.
pub async fn echo_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (mut read, mut write) = socket.into_split();
                let _ = tokio::io::copy(&mut read, &mut write).await;
            });
        }
    });
    addr
}

/// A dependency that sends each client `size` bytes (0, 1, 2, ... mod 251,
/// so a test can check their order), then closes.
pub async fn sender(size: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            tokio::spawn(async move {
                let _ = socket.write_all(&data).await;
            });
        }
    });
    addr
}
