//! Who is asking, and the access log. The client address recorded in link
//! evidence and in the log is the TCP peer's, unless the peer is a trusted
//! proxy (`--trusted-proxy`, git config `signoff.serveTrustedProxy`): then
//! it is the right-most address of `X-Forwarded-For` that is not itself a
//! trusted proxy. From any other peer the header is ignored, since anyone
//! can send it.
//!
//! The access log is one line per request on stderr: method, path with the
//! token replaced by `<token>`, status, milliseconds and client address.
//! Never a token, a CSRF nonce (those travel in form bodies, which are not
//! logged), a query string or anything that looks like an email address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use super::App;

/// A trusted proxy: one address, or a network such as `10.0.0.0/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proxy {
    net: IpAddr,
    prefix: u8,
}

impl Proxy {
    /// Parses `ADDR` or `ADDR/PREFIX`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Proxy, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address"))?;
        let net = net.to_canonical();
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?} has an invalid prefix length (0 to {max})"))?,
        };
        Ok(Proxy { net, prefix })
    }

    /// Whether `ip` is this proxy (or in its network).
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> u128 {
            match ip {
                IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
                IpAddr::V6(a) => u128::from(a),
            }
        };
        let ip = ip.to_canonical();
        if ip.is_ipv4() != self.net.is_ipv4() {
            return false;
        }
        let mask = if self.prefix == 0 {
            0
        } else {
            u128::MAX << (128 - u32::from(self.prefix))
        };
        bits(ip) & mask == bits(self.net) & mask
    }
}

/// The address a request comes from (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client(pub IpAddr);

/// The client address of a request from `peer` carrying `headers`.
#[must_use]
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[Proxy]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|p| p.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    // Every X-Forwarded-For header, in order, as one list.
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            return peer;
        };
        hops.extend(text.split(',').map(str::trim));
    }
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            // A hop the proxies did not write: trust nothing further left.
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, with a port or in brackets as
/// some proxies write it.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| hop.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
        .map(|ip| ip.to_canonical())
}

/// A request path fit for the log: the token of `/d/…` and `/i/…` becomes
/// `<token>`, and any other segment that could carry one (long) or an
/// email address becomes `<redacted>`.
#[must_use]
pub fn log_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out = String::new();
    for (i, seg) in segments.iter().enumerate().take(8) {
        out.push('/');
        if i == 1 && matches!(segments[0], "d" | "i") {
            out.push_str("<token>");
        } else if seg.len() > 32
            || seg.contains('@')
            || seg.to_ascii_lowercase().contains("%40")
            || seg.to_ascii_lowercase().starts_with("so1.")
        {
            out.push_str("<redacted>");
        } else {
            out.push_str(seg);
        }
    }
    if segments.len() > 8 {
        out.push_str("/…");
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Middleware: works out the client address (for the handlers, as a
/// [`Client`] extension) and logs the request once it is answered.
pub async fn access(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let client = client_ip(peer, req.headers(), &app.trusted_proxies);
    req.extensions_mut().insert(Client(client));
    let method = req.method().clone();
    let path = log_path(req.uri().path());
    let res = next.run(req).await;
    eprintln!(
        "access: {method} {path} {} {}ms client={client}",
        res.status().as_u16(),
        start.elapsed().as_millis()
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let trusted = [
            Proxy::parse("10.0.0.1").unwrap(),
            Proxy::parse("192.168.0.0/16").unwrap(),
        ];
        let h = xff(&["203.0.113.9, 198.51.100.7"]);
        assert_eq!(client_ip(ip("8.8.8.8"), &h, &trusted), ip("8.8.8.8"));
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.7"));
        // Trusted hops on the right are skipped; a spoofed left part is not reached.
        let h = xff(&["1.1.1.1, 203.0.113.9", "192.168.4.4"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        // IPv4-mapped peers, ports and brackets.
        let h = xff(&["[2001:db8::1]:443"]);
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.1"), &h, &trusted),
            ip("2001:db8::1")
        );
        // Garbage stops the walk at the last good hop; no header: the peer.
        let h = xff(&["evil, 203.0.113.9"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        let h = xff(&["203.0.113.9, evil"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("10.0.0.1"));
        assert_eq!(
            client_ip(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn proxies_parse_with_clear_errors() {
        assert!(Proxy::parse("10.0.0.0/8").unwrap().contains(ip("10.9.9.9")));
        assert!(!Proxy::parse("10.0.0.0/8").unwrap().contains(ip("11.0.0.1")));
        assert!(Proxy::parse("::1").unwrap().contains(ip("::1")));
        assert!(Proxy::parse("0.0.0.0/0").unwrap().contains(ip("1.2.3.4")));
        assert!(
            Proxy::parse("proxy.local")
                .unwrap_err()
                .contains("not an IP")
        );
        assert!(Proxy::parse("10.0.0.0/33").unwrap_err().contains("prefix"));
    }

    #[test]
    fn log_paths_carry_no_token() {
        assert_eq!(log_path("/d/so1.abc.def"), "/d/<token>");
        assert_eq!(log_path("/d/so1.abc.def/f/2"), "/d/<token>/f/2");
        assert_eq!(log_path("/i/so1.x.y"), "/i/<token>");
        assert_eq!(log_path("/healthz"), "/healthz");
        assert_eq!(log_path("/"), "/");
        assert_eq!(log_path("/x/bob@example.com"), "/x/<redacted>");
        assert_eq!(log_path("/x/so1.abc"), "/x/<redacted>");
    }
}
