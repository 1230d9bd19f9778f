//! A named TCP proxy: its listener, its connections, its toxics.

use super::link::{read_chunks, Link, LinkEnd, ToxicEntry, ToxicSet};
use super::toxic::{Stream, Toxic};
use super::ProxyError;
use crate::action::AllowList;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

static REVISIONS: AtomicU64 = AtomicU64::new(0);

/// Chunks (of up to 32 KiB) a direction holds between reading and writing.
const CHUNKS_IN_FLIGHT: usize = 256;

#[derive(Debug)]
struct ProxyState {
    upstream: String,
    /// The address asked for (`127.0.0.1:0` picks a port once, then keeps it).
    listen: SocketAddr,
    /// Set while enabled: cancelling it stops the listener and every
    /// connection.
    running: Option<CancellationToken>,
    /// The accept loop: it owns the listener, so the port is free only once
    /// the loop has ended.
    accepting: Option<JoinHandle<()>>,
}

/// One proxy. Shared by its handle, the API and the `net` namespace.
#[derive(Debug)]
pub(crate) struct Proxy {
    name: String,
    state: Mutex<ProxyState>,
    toxics: watch::Sender<ToxicSet>,
    /// Held while enabling, so two enables do not race for the port.
    lifecycle: tokio::sync::Mutex<()>,
    /// Its set's allow-list: every upstream connection is checked against it.
    allow: Arc<AllowList>,
}

impl Proxy {
    /// A proxy from `listen` to `upstream`, listening when `enabled`.
    pub(crate) fn open(
        name: &str,
        listen: &str,
        upstream: &str,
        enabled: bool,
        allow: Arc<AllowList>,
    ) -> Result<Arc<Proxy>, ProxyError> {
        let listen = parse_listen(listen)?;
        check_upstream(upstream)?;
        let proxy = Arc::new(Proxy {
            name: name.to_string(),
            state: Mutex::new(ProxyState {
                upstream: upstream.to_string(),
                listen,
                running: None,
                accepting: None,
            }),
            toxics: watch::Sender::new(Arc::new(Vec::new())),
            lifecycle: tokio::sync::Mutex::new(()),
            allow,
        });
        if enabled {
            proxy.listen()?;
        }
        Ok(proxy)
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ProxyState> {
        self.state.lock().expect("proxy state")
    }

    /// The address clients connect to.
    pub(crate) fn listen_addr(&self) -> SocketAddr {
        self.state().listen
    }

    pub(crate) fn upstream(&self) -> String {
        self.state().upstream.clone()
    }

    pub(crate) fn enabled(&self) -> bool {
        self.state().running.is_some()
    }

    /// Starts listening (again, on the same address), once the accept loop
    /// of an earlier start has let go of the port. Enabling an enabled
    /// proxy does nothing.
    pub(crate) async fn enable(&self) -> Result<(), ProxyError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        let earlier = {
            let mut state = self.state();
            if state.running.is_some() {
                return Ok(());
            }
            state.accepting.take()
        };
        if let Some(earlier) = earlier {
            let _ = earlier.await;
        }
        self.listen()
    }

    /// Binds the listen address and starts the accept loop.
    fn listen(&self) -> Result<(), ProxyError> {
        let mut state = self.state();
        if state.running.is_some() {
            return Ok(());
        }
        // std's bind sets SO_REUSEADDR on Unix, so connections of an
        // earlier start still closing do not hold the port.
        let listener = std::net::TcpListener::bind(state.listen)
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .and_then(TcpListener::from_std)
            .map_err(|e| ProxyError::Listen {
                name: self.name.clone(),
                addr: state.listen,
                source: e,
            })?;
        state.listen = listener.local_addr().unwrap_or(state.listen);
        let running = CancellationToken::new();
        state.running = Some(running.clone());
        let target = Upstream {
            address: state.upstream.clone(),
            allow: self.allow.clone(),
            proxy: self.name.clone(),
        };
        state.accepting = Some(tokio::spawn(accept_loop(
            listener,
            running,
            target,
            self.toxics.clone(),
        )));
        Ok(())
    }

    /// Stops listening and closes every connection, as a dependency that
    /// went down would.
    pub(crate) fn disable(&self) {
        if let Some(running) = self.state().running.take() {
            running.cancel();
        }
    }

    /// Changes where the proxy listens or forwards; a running proxy starts
    /// over with the new settings (its connections close).
    pub(crate) async fn reconfigure(
        &self,
        listen: Option<&str>,
        upstream: Option<&str>,
    ) -> Result<(), ProxyError> {
        let listen = listen.map(parse_listen).transpose()?;
        if let Some(upstream) = upstream {
            check_upstream(upstream)?;
        }
        let changes = {
            let state = self.state();
            listen.is_some_and(|l| l != state.listen)
                || upstream.is_some_and(|u| u != state.upstream)
        };
        // Settings as they are: the proxy and its connections go on.
        if !changes {
            return Ok(());
        }
        let was_enabled = self.enabled();
        self.disable();
        {
            let mut state = self.state();
            if let Some(listen) = listen {
                state.listen = listen;
            }
            if let Some(upstream) = upstream {
                state.upstream = upstream.to_string();
            }
        }
        if was_enabled {
            self.enable().await?;
        }
        Ok(())
    }

    /// The toxics as Toxiproxy lists them: upstream ones, then downstream
    /// ones, each in the order they were added.
    pub(crate) fn toxics(&self) -> Vec<Toxic> {
        let mut toxics: Vec<Toxic> = self
            .toxics
            .borrow()
            .iter()
            .map(|e| e.toxic.clone())
            .collect();
        toxics.sort_by_key(|t| t.stream() != Stream::Upstream);
        toxics
    }

    pub(crate) fn toxic(&self, name: &str) -> Option<Toxic> {
        self.toxics().into_iter().find(|t| t.name() == name)
    }

    /// Adds a toxic; its name must be new on this proxy.
    pub(crate) fn add_toxic(&self, toxic: Toxic) -> Result<Toxic, ProxyError> {
        let name = toxic.name();
        let mut refused = None;
        self.toxics.send_if_modified(|set| {
            if set.iter().any(|e| e.toxic.name() == name) {
                refused = Some(ProxyError::ToxicExists {
                    proxy: self.name.clone(),
                    toxic: name.clone(),
                });
                return false;
            }
            let mut next = set.as_ref().clone();
            next.push(ToxicEntry {
                toxic: toxic.clone(),
                revision: REVISIONS.fetch_add(1, Ordering::Relaxed),
            });
            *set = Arc::new(next);
            true
        });
        refused.map_or(Ok(toxic), Err)
    }

    /// Replaces the toxic called `name` with what `change` makes of it;
    /// connections roll its toxicity again.
    pub(crate) fn update_toxic(
        &self,
        name: &str,
        change: impl FnOnce(Toxic) -> Result<Toxic, ProxyError>,
    ) -> Result<Toxic, ProxyError> {
        // Looked up, changed and replaced in one step, so a concurrent
        // update or removal is not lost or undone.
        let mut outcome = Err(self.toxic_not_found(name));
        let mut change = Some(change);
        self.toxics.send_if_modified(|set| {
            let Some(index) = set.iter().position(|e| e.toxic.name() == name) else {
                return false;
            };
            let change = change.take().expect("changed once");
            match change(set[index].toxic.clone()) {
                Ok(updated) => {
                    let updated = updated.named(name);
                    let mut next = set.as_ref().clone();
                    next[index] = ToxicEntry {
                        toxic: updated.clone(),
                        revision: REVISIONS.fetch_add(1, Ordering::Relaxed),
                    };
                    *set = Arc::new(next);
                    outcome = Ok(updated);
                    true
                }
                Err(refused) => {
                    outcome = Err(refused);
                    false
                }
            }
        });
        outcome
    }

    pub(crate) fn remove_toxic(&self, name: &str) -> Result<(), ProxyError> {
        let mut found = false;
        self.toxics.send_if_modified(|set| {
            found = set.iter().any(|e| e.toxic.name() == name);
            if found {
                *set = Arc::new(
                    set.iter()
                        .filter(|e| e.toxic.name() != name)
                        .cloned()
                        .collect(),
                );
            }
            found
        });
        found
            .then_some(())
            .ok_or_else(|| self.toxic_not_found(name))
    }

    fn toxic_not_found(&self, name: &str) -> ProxyError {
        ProxyError::ToxicNotFound {
            proxy: self.name.clone(),
            toxic: name.to_string(),
        }
    }

    pub(crate) fn remove_all_toxics(&self) {
        self.toxics.send_replace(Arc::new(Vec::new()));
    }

    /// The proxy as Toxiproxy's API shows it.
    pub(crate) fn to_json(&self) -> Value {
        let toxics: Vec<Value> = self.toxics().iter().map(Toxic::to_json).collect();
        let state = self.state();
        json!({
            "name": self.name,
            "listen": state.listen.to_string(),
            "upstream": state.upstream,
            "enabled": state.running.is_some(),
            "toxics": toxics,
        })
    }
}

fn parse_listen(listen: &str) -> Result<SocketAddr, ProxyError> {
    // Toxiproxy accepts `localhost:port` too.
    let text = listen
        .strip_prefix("localhost:")
        .map_or(listen.to_string(), |port| format!("127.0.0.1:{port}"));
    text.parse()
        .map_err(|_| ProxyError::Invalid(format!("listen address `{listen}` is not IP:port")))
}

fn check_upstream(upstream: &str) -> Result<(), ProxyError> {
    match upstream.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => Ok(()),
        _ => Err(ProxyError::Invalid(format!(
            "upstream `{upstream}` is not host:port"
        ))),
    }
}

/// Where a proxy forwards, and who may be forwarded to.
#[derive(Clone)]
struct Upstream {
    address: String,
    allow: Arc<AllowList>,
    proxy: String,
}

impl Upstream {
    /// Connects, once the allow-list admits the host.
    async fn connect(&self) -> std::io::Result<TcpStream> {
        let host = self
            .address
            .rsplit_once(':')
            .map_or(self.address.as_str(), |(h, _)| h);
        let source = format!("the upstream of proxy `{}`", self.proxy);
        if let Err(refused) = self
            .allow
            .check_host(host.trim_start_matches('[').trim_end_matches(']'), &source)
        {
            tracing::warn!(proxy = %self.proxy, "{refused}");
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                refused.to_string(),
            ));
        }
        TcpStream::connect(&self.address).await
    }
}

async fn accept_loop(
    listener: TcpListener,
    running: CancellationToken,
    upstream: Upstream,
    toxics: watch::Sender<ToxicSet>,
) {
    loop {
        let accepted = tokio::select! {
            () = running.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((client, _)) = accepted else {
            // Out of descriptors, say: wait rather than spin.
            tracing::debug!(proxy = %upstream.proxy, "accept failed");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        };
        let (upstream, toxics, running) = (upstream.clone(), toxics.subscribe(), running.clone());
        tokio::spawn(async move {
            tokio::select! {
                () = running.cancelled() => {}
                () = serve(client, upstream, toxics) => {}
            }
        });
    }
}

/// Carries one client connection to the upstream and back until both
/// directions end, or a toxic ends the connection.
async fn serve(client: TcpStream, upstream: Upstream, toxics: watch::Receiver<ToxicSet>) {
    // A dependency that cannot be reached (or may not be): the client sees
    // its connection closed, as with Toxiproxy.
    let Ok(server) = upstream.connect().await else {
        return;
    };
    let _ = (client.set_nodelay(true), server.set_nodelay(true));
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let end = {
        // Room for a few MiB in flight, so a latency toxic delays data
        // without also throttling it much.
        let (up_tx, up_rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
        let (down_tx, down_rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
        let reading = async {
            tokio::join!(
                read_chunks(&mut client_read, up_tx),
                read_chunks(&mut server_read, down_tx)
            );
            std::future::pending::<()>().await
        };
        let up = Link::new(Stream::Upstream, toxics.clone()).carry(up_rx, &mut server_write);
        let down = Link::new(Stream::Downstream, toxics).carry(down_rx, &mut client_write);
        both_directions(pin!(up), pin!(down), pin!(reading)).await
    };
    if end == LinkEnd::Reset {
        // Whole sockets, so no FIN goes out before the RST (a write half
        // dropped alone shuts its side down cleanly).
        for (read, write) in [(client_read, client_write), (server_read, server_write)] {
            if let Ok(socket) = read.reunite(write) {
                let _ = socket.set_zero_linger();
            }
        }
    }
}

/// Runs both directions: a closed source half-closes its direction (the
/// other goes on); a toxic that ends the connection ends both at once.
async fn both_directions(
    mut up: std::pin::Pin<&mut impl std::future::Future<Output = LinkEnd>>,
    mut down: std::pin::Pin<&mut impl std::future::Future<Output = LinkEnd>>,
    mut reading: std::pin::Pin<&mut impl std::future::Future<Output = ()>>,
) -> LinkEnd {
    let first = tokio::select! {
        end = &mut up => (end, true),
        end = &mut down => (end, false),
        () = &mut reading => unreachable!("reading never ends"),
    };
    match first {
        (LinkEnd::Eof, up_ended) => {
            tokio::select! {
                end = &mut down, if up_ended => end,
                end = &mut up, if !up_ended => end,
                () = &mut reading => unreachable!("reading never ends"),
            }
        }
        (end, _) => end,
    }
}
