//! Loopback listeners for the blast-radius tests: a forbidden one that only
//! counts the connections that reach it, and a tiny HTTP responder whose
//! answers a test chooses per request path. Plain `std`, so the command's
//! tests can include this file too.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A listener no step may reach: it accepts, counts and closes.
pub struct Forbidden {
    pub addr: SocketAddr,
    hits: Arc<AtomicUsize>,
}

impl Forbidden {
    /// Listens on 127.0.0.2 (the loopback network, but not 127.0.0.1).
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counted.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        Forbidden { addr, hits }
    }

    /// Connections that reached it so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.2:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// An HTTP/1.1 answer: status line, extra headers and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// 200 with a JSON body.
    pub fn json(body: impl ToString) -> Self {
        Answer {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    /// A bare status.
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// A 302 to `location`.
    pub fn redirect(location: &str) -> Self {
        Answer {
            status: 302,
            headers: vec![("location".into(), location.into())],
            body: String::new(),
        }
    }
}

/// An HTTP server on 127.0.0.1 answering each request with `answer(path)`
/// (the path with its query). Returns its base URL.
pub fn responder(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = Arc::clone(&answer);
            std::thread::spawn(move || serve(stream, &*answer));
        }
    });
    format!("http://{addr}")
}

fn serve(mut stream: TcpStream, answer: &dyn Fn(&str) -> Answer) {
    loop {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let text = String::from_utf8_lossy(&head).to_string();
        let length: usize = text
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
        let reply = answer(&path);
        let mut out = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&reply.body);
        if stream.write_all(out.as_bytes()).is_err() {
            return;
        }
    }
}
