//! The authoritative DNS server for the sandbox's zone: UDP and TCP on one port, as resolvers
//! expect (a DKIM record does not fit a plain 512-byte UDP answer, so they retry over TCP).

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{sleep, timeout};

use super::answer::{respond, Transport};
use super::zone::Zone;

/// How many times to look for a port free for both UDP and TCP before giving up.
const BIND_ATTEMPTS: usize = 20;
/// Large enough for any EDNS query; longer datagrams are cut and then fail to parse.
const UDP_BUFFER: usize = 4096;
/// A TCP client that sends nothing for this long is disconnected, so idle connections do not pile up.
const TCP_IDLE: Duration = Duration::from_secs(10);
/// Bound on reading the rest of a TCP message, or writing an answer, once started.
const TCP_IO: Duration = Duration::from_secs(5);
/// Pause after a socket error, so a persistent one cannot spin a core.
const ERROR_BACKOFF: Duration = Duration::from_millis(10);

/// Starts a DNS server answering for `zone` on `ip` (a free port), over UDP and TCP.
///
/// Returns the address to query and the task serving it; aborting the task stops the server and
/// its open TCP connections.
pub async fn spawn_zone_server(zone: Zone, ip: IpAddr) -> io::Result<(SocketAddr, JoinHandle<()>)> {
    let (udp, tcp) = bind_one_port(ip).await?;
    let address = udp.local_addr()?;
    let task = tokio::spawn(async move {
        tokio::join!(serve_udp(udp, zone.clone()), serve_tcp(tcp, zone));
    });
    Ok((address, task))
}

/// Binds UDP on a free port, then TCP on the same number; retries when TCP's is taken.
async fn bind_one_port(ip: IpAddr) -> io::Result<(UdpSocket, TcpListener)> {
    let mut last_error = None;
    for _ in 0..BIND_ATTEMPTS {
        let udp = UdpSocket::bind(SocketAddr::new(ip, 0)).await?;
        match TcpListener::bind(udp.local_addr()?).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(error) if error.kind() == io::ErrorKind::AddrInUse => last_error = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::from(io::ErrorKind::AddrInUse)))
}

async fn serve_udp(socket: UdpSocket, zone: Zone) {
    let mut buffer = vec![0u8; UDP_BUFFER];
    loop {
        let (length, peer) = match socket.recv_from(&mut buffer).await {
            Ok(received) => received,
            Err(_) => {
                // Errors here concern one datagram (or an ICMP report about an earlier reply);
                // the socket itself keeps working.
                sleep(ERROR_BACKOFF).await;
                continue;
            }
        };
        if let Some(reply) = respond(&zone, &buffer[..length], Transport::Udp) {
            // A reply that cannot be sent is lost like any UDP datagram; the client retries.
            let _ = socket.send_to(&reply, peer).await;
        }
    }
}

async fn serve_tcp(listener: TcpListener, zone: Zone) {
    // Owning the connections here means dropping this future (aborting the server) closes them too.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_tcp_connection(stream, zone.clone()));
                }
                // E.g. out of file descriptors: wait for connections to close rather than spin.
                Err(_) => sleep(ERROR_BACKOFF).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Answers length-prefixed messages (RFC 1035 §4.2.2) until the client closes, idles or sends
/// something that is not a query.
async fn serve_tcp_connection(mut stream: TcpStream, zone: Zone) {
    loop {
        let Ok(Ok(length)) = timeout(TCP_IDLE, stream.read_u16()).await else {
            return;
        };
        let mut request = vec![0u8; usize::from(length)];
        if !matches!(
            timeout(TCP_IO, stream.read_exact(&mut request)).await,
            Ok(Ok(_))
        ) {
            return;
        }
        let Some(reply) = respond(&zone, &request, Transport::Tcp) else {
            return;
        };
        // `respond` keeps TCP answers within u16::MAX bytes, so the prefix always fits.
        let Ok(reply_length) = u16::try_from(reply.len()) else {
            return;
        };
        let mut framed = Vec::with_capacity(reply.len() + 2);
        framed.extend_from_slice(&reply_length.to_be_bytes());
        framed.extend_from_slice(&reply);
        if !matches!(timeout(TCP_IO, stream.write_all(&framed)).await, Ok(Ok(()))) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::lookup_txt;
    use std::net::Ipv4Addr;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    async fn served_zone() -> (Zone, SocketAddr, JoinHandle<()>) {
        let zone = Zone::default();
        zone.publish_value("a.example.com", "still here");
        let (address, task) = spawn_zone_server(zone.clone(), LOOPBACK)
            .await
            .expect("server");
        (zone, address, task)
    }

    #[tokio::test]
    async fn garbage_datagrams_do_not_kill_the_server() {
        let (_zone, address, task) = served_zone().await;
        let client = UdpSocket::bind((LOOPBACK, 0)).await.expect("bind");
        for garbage in [&b""[..], b"\x00", &[0xff; 12], &[0x41; 600], &[0u8; 4096]] {
            client.send_to(garbage, address).await.expect("send");
        }
        // A header claiming 65535 questions, with none present.
        client
            .send_to(&[0, 1, 1, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0], address)
            .await
            .expect("send");

        assert_eq!(
            lookup_txt(address, "a.example.com").await.expect("lookup"),
            ["still here"]
        );
        assert!(!task.is_finished());
        task.abort();
    }

    #[tokio::test]
    async fn garbage_over_tcp_closes_only_that_connection() {
        let (_zone, address, task) = served_zone().await;
        let mut stream = TcpStream::connect(address).await.expect("connect");
        stream
            .write_all(&[0, 5, 1, 2, 3, 4, 5])
            .await
            .expect("write");
        let mut rest = Vec::new();
        let read = timeout(Duration::from_secs(5), stream.read_to_end(&mut rest)).await;
        assert!(
            matches!(read, Ok(Ok(0))),
            "the server closes the connection: {read:?}"
        );

        assert_eq!(
            lookup_txt(address, "a.example.com").await.expect("lookup"),
            ["still here"]
        );
        task.abort();
    }

    #[tokio::test]
    async fn udp_and_tcp_share_the_port_and_aborting_stops_both() {
        let (_zone, address, task) = served_zone().await;
        TcpStream::connect(address)
            .await
            .expect("TCP on the same port");
        task.abort();
        let _ = task.await;
        assert!(TcpStream::connect(address).await.is_err());
        let error = lookup_txt(address, "a.example.com")
            .await
            .expect_err("stopped");
        assert!(error.to_string().contains("a.example.com"), "{error}");
    }
}
