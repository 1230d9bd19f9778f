//! Network faults between a service and its dependencies.
//!
//! A [`ChaosProxy`] is a TCP proxy inside the test process. Point the
//! service under test at [`ChaosProxy::addr`] instead of its dependency, and
//! add [`Toxic`]s to make that dependency slow, stingy, silent, or rude:
//! the same toxics Toxiproxy offers, with its names and its units. Toxics
//! act on connections already open as well as new ones.
//!
//! ```
//! use kallisti::net::{ChaosProxy, Toxic};
//! use std::time::Duration;
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A dependency that says hello.
//! let dependency = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let upstream = dependency.local_addr()?;
//! tokio::spawn(async move {
//!     while let Ok((mut socket, _)) = dependency.accept().await {
//!         let _ = socket.write_all(b"hello").await;
//!     }
//! });
//!
//! let proxy = ChaosProxy::start("doc-hello", upstream).await?;
//! proxy.add(Toxic::latency(Duration::from_millis(50)))?;
//!
//! let started = std::time::Instant::now();
//! let mut client = tokio::net::TcpStream::connect(proxy.addr()).await?;
//! let mut greeting = [0u8; 5];
//! client.read_exact(&mut greeting).await?;
//! assert_eq!(&greeting, b"hello");
//! assert!(started.elapsed() >= Duration::from_millis(50));
//! # Ok(()) }
//! ```
//!
//! Steps reach the same proxies by name through the `net` namespace
//! (`net.add_toxic`, `net.disable_proxy`, ...), and Toxiproxy clients through
//! [`ChaosProxy::api_url`], which serves Toxiproxy's HTTP API.

mod api;
mod link;
mod proxy;
mod toxic;

pub use api::serve_api;
pub use toxic::{Stream, Toxic, ToxicKind, TOXIC_TYPES};

use crate::action::AllowList;
use proxy::Proxy;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

/// What went wrong with a proxy or a toxic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProxyError {
    /// No proxy has that name.
    #[error("proxy `{0}` not found")]
    ProxyNotFound(String),
    /// A proxy already has that name.
    #[error("proxy `{0}` already exists")]
    ProxyExists(String),
    /// The proxy has no toxic of that name.
    #[error("toxic `{toxic}` not found on proxy `{proxy}`")]
    ToxicNotFound {
        /// The proxy.
        proxy: String,
        /// The toxic asked for.
        toxic: String,
    },
    /// The proxy already has a toxic of that name.
    #[error("toxic `{toxic}` already exists on proxy `{proxy}`")]
    ToxicExists {
        /// The proxy.
        proxy: String,
        /// The toxic's name.
        toxic: String,
    },
    /// A setting that cannot be used (an address, a toxic type, an attribute).
    #[error("{0}")]
    Invalid(String),
    /// The listen address could not be bound.
    #[error("proxy `{name}` cannot listen on {addr}: {source}")]
    Listen {
        /// The proxy.
        name: String,
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Where a set's API listens, and the task serving it.
type ApiServer = (SocketAddr, tokio::task::JoinHandle<()>);

/// A set of named proxies: what one Toxiproxy server holds.
///
/// [`Proxies::global`] is the set [`ChaosProxy::start`] and the `net`
/// namespace use; a separate set (such as the one `kallisti fake toxiproxy`
/// serves) shares nothing with it.
#[derive(Debug, Clone)]
pub struct Proxies {
    proxies: Arc<Mutex<BTreeMap<String, Arc<Proxy>>>>,
    api: Arc<tokio::sync::Mutex<Option<ApiServer>>>,
    allow: Arc<AllowList>,
}

impl Default for Proxies {
    fn default() -> Self {
        Self::new()
    }
}

impl Proxies {
    /// An empty set whose proxies connect only where the process's
    /// allow-list (`KALLISTI_ALLOW_HOSTS`, ...) admits, when one is set.
    pub fn new() -> Self {
        Self::with_allow_list(AllowList::from_env())
    }

    /// An empty set whose proxies connect only to the upstream hosts
    /// `allow` admits (any host when it lists none). A refused upstream
    /// connection closes the client's, and is logged.
    ///
    /// ```
    /// use kallisti::net::Proxies;
    /// use kallisti::trial::AllowList;
    ///
    /// let only_loopback = Proxies::with_allow_list(AllowList::default().hosts(["127.0.0.0/8"]));
    /// assert!(only_loopback.names().is_empty());
    /// ```
    pub fn with_allow_list(allow: AllowList) -> Self {
        Proxies {
            proxies: Arc::default(),
            api: Arc::default(),
            allow: Arc::new(allow),
        }
    }

    /// The process-wide set.
    pub fn global() -> &'static Proxies {
        static GLOBAL: OnceLock<Proxies> = OnceLock::new();
        GLOBAL.get_or_init(Proxies::new)
    }

    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Arc<Proxy>>> {
        self.proxies.lock().expect("proxies")
    }

    /// Opens a proxy called `name` listening on `listen` (`127.0.0.1:0` picks
    /// a free port) and forwarding to `upstream` (`host:port`). Must be
    /// called inside a tokio runtime.
    pub fn create(
        &self,
        name: &str,
        listen: &str,
        upstream: &str,
        enabled: bool,
    ) -> Result<(), ProxyError> {
        if name.is_empty() {
            return Err(ProxyError::Invalid("a proxy needs a name".into()));
        }
        if self.map().contains_key(name) {
            return Err(ProxyError::ProxyExists(name.to_string()));
        }
        let proxy = Proxy::open(name, listen, upstream, enabled, self.allow.clone())?;
        let mut map = self.map();
        if map.contains_key(name) {
            proxy.disable();
            return Err(ProxyError::ProxyExists(name.to_string()));
        }
        map.insert(name.to_string(), proxy);
        Ok(())
    }

    pub(crate) fn get(&self, name: &str) -> Result<Arc<Proxy>, ProxyError> {
        self.map()
            .get(name)
            .cloned()
            .ok_or_else(|| ProxyError::ProxyNotFound(name.to_string()))
    }

    /// Closes the proxy called `name` and its connections, and forgets it.
    pub fn delete(&self, name: &str) -> Result<(), ProxyError> {
        let proxy = self
            .map()
            .remove(name)
            .ok_or_else(|| ProxyError::ProxyNotFound(name.to_string()))?;
        proxy.disable();
        Ok(())
    }

    /// The names of the proxies, sorted.
    pub fn names(&self) -> Vec<String> {
        self.map().keys().cloned().collect()
    }

    pub(crate) fn all(&self) -> Vec<Arc<Proxy>> {
        self.map().values().cloned().collect()
    }

    /// Enables every proxy and removes every toxic (Toxiproxy's `/reset`).
    pub async fn reset(&self) -> Result<(), ProxyError> {
        for proxy in self.all() {
            proxy.remove_all_toxics();
            proxy.enable().await?;
        }
        Ok(())
    }

    /// The proxy called `name` as Toxiproxy's API shows it.
    pub fn describe(&self, name: &str) -> Result<serde_json::Value, ProxyError> {
        Ok(self.get(name)?.to_json())
    }

    /// Serves Toxiproxy's HTTP API for this set on a free loopback port;
    /// later calls return the same address while that server runs. Must be
    /// called inside a tokio runtime: the server lives on it, and is started
    /// again (on a new port) by a call from a later runtime, as each
    /// `#[chaos_test]` has its own.
    pub async fn api_addr(&self) -> std::io::Result<SocketAddr> {
        let mut api = self.api.lock().await;
        if let Some((addr, server)) = api.as_ref() {
            if !server.is_finished() {
                return Ok(*addr);
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(serve_api(listener, self.clone()));
        *api = Some((addr, server));
        Ok(addr)
    }
}

/// A proxy in front of one dependency, for the length of a test.
///
/// It lives in [`Proxies::global`] under its name, so steps can reach it
/// (`{"do": "net.add_toxic", "where": {"proxy": "db", ...}}`); dropping the
/// handle closes it. Names must be unique among the proxies alive at once.
#[derive(Debug)]
pub struct ChaosProxy {
    proxy: Arc<Proxy>,
    set: Proxies,
}

impl ChaosProxy {
    /// Starts a proxy called `name` on a free loopback port, forwarding to
    /// `upstream`.
    pub async fn start(name: &str, upstream: impl ToString) -> Result<ChaosProxy, ProxyError> {
        Self::start_in(Proxies::global(), name, upstream).await
    }

    /// [`ChaosProxy::start`] in another set of proxies.
    pub async fn start_in(
        set: &Proxies,
        name: &str,
        upstream: impl ToString,
    ) -> Result<ChaosProxy, ProxyError> {
        set.create(name, "127.0.0.1:0", &upstream.to_string(), true)?;
        Ok(ChaosProxy {
            proxy: set.get(name)?,
            set: set.clone(),
        })
    }

    /// Its name.
    pub fn name(&self) -> &str {
        self.proxy.name()
    }

    /// Where the service under test connects instead of the dependency.
    pub fn addr(&self) -> SocketAddr {
        self.proxy.listen_addr()
    }

    /// `host:port` of the dependency.
    pub fn upstream(&self) -> String {
        self.proxy.upstream()
    }

    /// Adds a toxic; connections already open feel it too.
    pub fn add(&self, toxic: Toxic) -> Result<(), ProxyError> {
        self.proxy.add_toxic(toxic).map(drop)
    }

    /// Removes the toxic called `name`.
    pub fn remove(&self, name: &str) -> Result<(), ProxyError> {
        self.proxy.remove_toxic(name)
    }

    /// Removes every toxic.
    pub fn clear(&self) {
        self.proxy.remove_all_toxics();
    }

    /// The toxics, in the order they were added.
    pub fn toxics(&self) -> Vec<Toxic> {
        self.proxy.toxics()
    }

    /// Takes the dependency down: stops listening and closes every
    /// connection.
    pub fn disable(&self) {
        self.proxy.disable();
    }

    /// Brings it back, on the same address.
    pub async fn enable(&self) -> Result<(), ProxyError> {
        self.proxy.enable().await
    }

    /// Whether it is listening.
    pub fn is_enabled(&self) -> bool {
        self.proxy.enabled()
    }

    /// The base URL of a Toxiproxy API serving this proxy's set (started on
    /// first use), for Toxiproxy clients and the `toxiproxy` namespace.
    pub async fn api_url(&self) -> std::io::Result<String> {
        Ok(format!("http://{}", self.set.api_addr().await?))
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        // Only this handle's proxy: a later one of the same name stays.
        let mut map = self.set.map();
        if map
            .get(self.proxy.name())
            .is_some_and(|p| Arc::ptr_eq(p, &self.proxy))
        {
            map.remove(self.proxy.name());
        }
        self.proxy.disable();
    }
}
