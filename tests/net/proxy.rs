//! `ChaosProxy` and its toxics, felt through real loopback connections.

use crate::common::{echo_server, sender};
use kallisti::net::{ChaosProxy, Proxies, Toxic};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A unique proxy name per test: the global set is shared by the binary.
fn name(test: &str) -> String {
    format!("proxy-test-{test}")
}

async fn round_trip(stream: &mut TcpStream, message: &[u8]) -> Duration {
    let started = Instant::now();
    stream.write_all(message).await.unwrap();
    let mut back = vec![0u8; message.len()];
    stream.read_exact(&mut back).await.unwrap();
    assert_eq!(back, message);
    started.elapsed()
}

#[tokio::test]
async fn bytes_pass_unchanged_both_ways_without_toxics() {
    let proxy = ChaosProxy::start(&name("plain"), echo_server().await)
        .await
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let message: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let (mut read, mut write) = client.split();
    let (sent, received) = tokio::join!(write.write_all(&message), async {
        let mut back = vec![0u8; message.len()];
        read.read_exact(&mut back).await.map(|_| back)
    });
    sent.unwrap();
    assert_eq!(received.unwrap(), message);
    drop(client);
}

#[tokio::test]
async fn latency_added_to_an_open_connection_slows_it_and_goes_when_removed() {
    let proxy = ChaosProxy::start(&name("latency"), echo_server().await)
        .await
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    round_trip(&mut client, b"warm").await;
    proxy
        .add(Toxic::latency(Duration::from_millis(150)))
        .unwrap();
    let slow = round_trip(&mut client, b"slow").await;
    assert!(slow >= Duration::from_millis(150), "{slow:?}");
    proxy
        .add(Toxic::latency(Duration::from_millis(100)).upstream())
        .unwrap();
    let slower = round_trip(&mut client, b"both").await;
    assert!(
        slower >= Duration::from_millis(250),
        "both ways add up: {slower:?}"
    );
    proxy.clear();
    let fast = round_trip(&mut client, b"fast").await;
    assert!(fast < Duration::from_millis(150), "{fast:?}");
}

#[tokio::test]
async fn toxicity_zero_spares_every_connection() {
    let proxy = ChaosProxy::start(&name("toxicity"), echo_server().await)
        .await
        .unwrap();
    proxy
        .add(Toxic::latency(Duration::from_millis(400)).toxicity(0.0))
        .unwrap();
    for _ in 0..5 {
        let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
        let took = round_trip(&mut client, b"spared").await;
        assert!(took < Duration::from_millis(400), "{took:?}");
    }
}

#[tokio::test]
async fn bandwidth_limits_the_rate() {
    let proxy = ChaosProxy::start(&name("bandwidth"), sender(50_000).await)
        .await
        .unwrap();
    proxy.add(Toxic::bandwidth(100)).unwrap(); // 100 KB/s: 50 KB takes about 0.5 s
    let started = Instant::now();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let mut data = Vec::new();
    client.read_to_end(&mut data).await.unwrap();
    assert_eq!(data.len(), 50_000);
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(400), "{took:?}");
}

#[tokio::test]
async fn limit_data_delivers_that_many_bytes_then_closes() {
    let proxy = ChaosProxy::start(&name("limit"), sender(10_000).await)
        .await
        .unwrap();
    proxy.add(Toxic::limit_data(1234)).unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let mut data = Vec::new();
    client.read_to_end(&mut data).await.unwrap();
    assert_eq!(data.len(), 1234);
    assert!(data.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8));
}

#[tokio::test]
async fn timeout_swallows_data_and_closes_after_its_time() {
    let proxy = ChaosProxy::start(&name("timeout"), echo_server().await)
        .await
        .unwrap();
    proxy
        .add(Toxic::timeout(Duration::from_millis(200)))
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let started = Instant::now();
    client.write_all(b"anyone?").await.unwrap();
    let mut buffer = [0u8; 16];
    let read = client.read(&mut buffer).await;
    assert!(
        matches!(read, Ok(0) | Err(_)),
        "no data comes back: {read:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn removing_a_timeout_closes_the_connections_it_held() {
    let proxy = ChaosProxy::start(&name("timeout-removed"), echo_server().await)
        .await
        .unwrap();
    proxy.add(Toxic::timeout(Duration::ZERO)).unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    client.write_all(b"lost").await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    proxy.remove("timeout_downstream").unwrap();
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "closed, not stalled: {read:?}"
    );
    // New connections are fine again.
    let mut fresh = TcpStream::connect(proxy.addr()).await.unwrap();
    round_trip(&mut fresh, b"back").await;
}

#[tokio::test]
async fn reset_peer_resets_the_connection_on_the_next_data() {
    let proxy = ChaosProxy::start(&name("reset"), echo_server().await)
        .await
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    round_trip(&mut client, b"fine").await;
    proxy
        .add(Toxic::reset_peer(Duration::ZERO).upstream())
        .unwrap();
    client.write_all(b"boom").await.unwrap();
    let mut buffer = [0u8; 16];
    let err = client
        .read(&mut buffer)
        .await
        .expect_err("a reset, not a clean close");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset, "{err}");
}

#[tokio::test]
async fn slicer_delivers_everything_in_pieces_with_pauses() {
    let proxy = ChaosProxy::start(&name("slicer"), sender(2_000).await)
        .await
        .unwrap();
    // About 20 pieces of 100 bytes, 10 ms apart: at least 150 ms in all.
    proxy
        .add(Toxic::slicer(100, 20, Duration::from_millis(10)))
        .unwrap();
    let started = Instant::now();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let (mut data, mut reads) = (Vec::new(), 0);
    let mut buffer = [0u8; 4096];
    loop {
        let n = client.read(&mut buffer).await.unwrap();
        if n == 0 {
            break;
        }
        reads += 1;
        data.extend_from_slice(&buffer[..n]);
    }
    assert_eq!(data.len(), 2_000);
    assert!(data.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8));
    assert!(reads >= 5, "pieces arrive apart: {reads} reads");
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn slow_close_holds_the_close_back() {
    let proxy = ChaosProxy::start(&name("slow-close"), sender(10).await)
        .await
        .unwrap();
    proxy
        .add(Toxic::slow_close(Duration::from_millis(300)))
        .unwrap();
    let started = Instant::now();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let mut data = Vec::new();
    client.read_to_end(&mut data).await.unwrap();
    assert_eq!(data.len(), 10);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_disabled_proxy_drops_its_connections_and_comes_back_on_the_same_port() {
    let proxy = ChaosProxy::start(&name("down"), echo_server().await)
        .await
        .unwrap();
    let addr = proxy.addr();
    let mut client = TcpStream::connect(addr).await.unwrap();
    round_trip(&mut client, b"up").await;
    proxy.disable();
    assert!(!proxy.is_enabled());
    let mut buffer = [0u8; 4];
    let read = tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "the open connection closes: {read:?}"
    );
    let refused = TcpStream::connect(addr).await.expect_err("nothing listens");
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
    proxy.enable().await.unwrap();
    assert_eq!(proxy.addr(), addr);
    let mut again = TcpStream::connect(addr).await.unwrap();
    round_trip(&mut again, b"again").await;
}

#[tokio::test]
async fn an_unreachable_upstream_closes_the_client() {
    let gone = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let proxy = ChaosProxy::start(&name("unreachable"), gone).await.unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let mut buffer = [0u8; 4];
    let read = tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(0) | Err(_))), "{read:?}");
}

#[tokio::test]
async fn names_are_unique_while_alive_and_free_again_after_drop() {
    let upstream = echo_server().await;
    let first = ChaosProxy::start(&name("unique"), upstream).await.unwrap();
    let second = ChaosProxy::start(&name("unique"), upstream)
        .await
        .unwrap_err();
    assert!(second.to_string().contains("already exists"), "{second}");
    let addr = first.addr();
    drop(first);
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "a dropped proxy stops listening"
    );
    let again = ChaosProxy::start(&name("unique"), upstream).await.unwrap();
    assert!(Proxies::global().names().contains(&name("unique")));
    drop(again);
    assert!(!Proxies::global().names().contains(&name("unique")));
}

#[tokio::test]
async fn duplicate_toxic_names_are_refused() {
    let proxy = ChaosProxy::start(&name("dup-toxic"), echo_server().await)
        .await
        .unwrap();
    proxy.add(Toxic::latency(Duration::from_millis(1))).unwrap();
    let err = proxy
        .add(Toxic::latency(Duration::from_millis(2)))
        .unwrap_err();
    assert!(err.to_string().contains("latency_downstream"), "{err}");
    proxy
        .add(Toxic::latency(Duration::from_millis(2)).named("second"))
        .unwrap();
    assert_eq!(proxy.toxics().len(), 2);
    assert!(proxy.remove("nope").is_err());
}

/// A proxy connects only where its set's allow-list admits: a refused
/// upstream closes the client's connection, and nothing reaches the host.
#[tokio::test]
async fn upstream_connections_pass_the_allow_list() {
    let upstream = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let set = Proxies::with_allow_list(kallisti::trial::AllowList::default().hosts(["10.1.2.3"]));
    let proxy = ChaosProxy::start_in(&set, "refused", upstream.local_addr().unwrap())
        .await
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let mut buffer = [0u8; 4];
    let read = tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(0) | Err(_))), "closed: {read:?}");
    let reached = tokio::time::timeout(Duration::from_millis(200), upstream.accept()).await;
    assert!(reached.is_err(), "the upstream saw no connection");
    let allowed =
        Proxies::with_allow_list(kallisti::trial::AllowList::default().hosts(["127.0.0.1"]));
    let proxy = ChaosProxy::start_in(&allowed, "allowed", echo_server().await)
        .await
        .unwrap();
    round_trip(&mut TcpStream::connect(proxy.addr()).await.unwrap(), b"in").await;
}

/// Two latency toxics on the same stream add up, as in Toxiproxy.
#[tokio::test]
async fn latencies_on_one_stream_add_up() {
    let proxy = ChaosProxy::start(&name("latency-sum"), echo_server().await)
        .await
        .unwrap();
    proxy
        .add(Toxic::latency(Duration::from_millis(120)).named("a"))
        .unwrap();
    proxy
        .add(Toxic::latency(Duration::from_millis(120)).named("b"))
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    let took = round_trip(&mut client, b"sum").await;
    assert!(took >= Duration::from_millis(240), "{took:?}");
}

/// A chunk held by a latency toxic goes on at once when the toxic goes, not
/// when its old delay ends.
#[tokio::test]
async fn removing_a_latency_lets_held_data_go_at_once() {
    let proxy = ChaosProxy::start(&name("latency-release"), echo_server().await)
        .await
        .unwrap();
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    proxy.add(Toxic::latency(Duration::from_secs(600))).unwrap();
    client.write_all(b"held").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    proxy.clear();
    let mut back = [0u8; 4];
    let read = tokio::time::timeout(Duration::from_secs(10), client.read_exact(&mut back)).await;
    assert!(matches!(read, Ok(Ok(_))), "released: {read:?}");
    assert_eq!(&back, b"held");
}
