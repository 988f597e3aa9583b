//! The server on a real socket: slow and half-sent headers are closed, the connection cap
//! holds, and a shutdown ends idle connections at once.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::helpers;

struct Running {
    address: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(name: &str, limits: myo_web::Limits) -> Running {
    let url = helpers::urls(name).remove(0);
    let state = helpers::app(&url).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(myo_web::serve_with(listener, state, limits, async {
        let _ = stopped.await;
    }));
    Running {
        address,
        stop: Some(stop),
        server,
    }
}

/// Reads until the server closes the connection (or `within` passes: `None`).
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut out = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut out)).await {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

async fn request(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: myo\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_header_and_an_idle_connection_are_closed_by_the_server() {
    let limits = myo_web::Limits {
        header_read_timeout: Duration::from_millis(500),
        ..Default::default()
    };
    let mut server = start("slowloris", limits).await;
    let mut half = TcpStream::connect(server.address).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: my")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut half, Duration::from_secs(10)).await;
    assert!(
        answer.is_some(),
        "a half-sent header kept the connection open"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // A head over MAX_HEADER_BYTES: refused (431) and closed.
    let mut big = TcpStream::connect(server.address).await.unwrap();
    let filler = "a".repeat(myo_web::MAX_HEADER_BYTES + 1024);
    let _ = big
        .write_all(
            format!("GET /healthz HTTP/1.1\r\nHost: myo\r\nX-Filler: {filler}\r\n\r\n").as_bytes(),
        )
        .await;
    let answer = read_until_closed(&mut big, Duration::from_secs(10))
        .await
        .expect("closed");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    // Kept alive after an answer, then idle: closed too.
    let mut idle = TcpStream::connect(server.address).await.unwrap();
    assert!(request(&mut idle).await.starts_with("HTTP/1.1 200"));
    assert!(read_until_closed(&mut idle, Duration::from_secs(10))
        .await
        .is_some());
    server.stop.take().unwrap().send(()).unwrap();
    server.server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_wait_and_shutdown_ends_idle_ones_at_once() {
    let limits = myo_web::Limits {
        header_read_timeout: Duration::from_secs(30),
        max_connections: 2,
        shutdown_grace: Duration::from_secs(30),
    };
    let mut server = start("cap", limits).await;
    let mut first = TcpStream::connect(server.address).await.unwrap();
    assert!(request(&mut first).await.starts_with("HTTP/1.1 200"));
    let mut second = TcpStream::connect(server.address).await.unwrap();
    assert!(request(&mut second).await.starts_with("HTTP/1.1 200"));
    // A third waits in the backlog: no answer while two are open.
    let mut third = TcpStream::connect(server.address).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: myo\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    assert!(
        tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf))
            .await
            .is_err(),
        "a third connection was served over the cap"
    );
    drop(first);
    let n = tokio::time::timeout(Duration::from_secs(20), third.read(&mut buf))
        .await
        .expect("served once a slot is free")
        .unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    // `second` and `third` are idle keep-alive connections: the shutdown does not wait for
    // them (the grace period is 30 s here).
    let started = Instant::now();
    server.stop.take().unwrap().send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server.server)
        .await
        .expect("the shutdown waited on idle connections")
        .unwrap()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(read_until_closed(&mut second, Duration::from_secs(5))
        .await
        .is_some());
}
