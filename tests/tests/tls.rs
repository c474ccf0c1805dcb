//! Members reach a server behind TLS (the README's reverse-proxy setup): `https://` for the API
//! and `wss://` for sync. A TLS-terminating proxy with a throwaway CA stands in for Caddy or
//! nginx; the members trust that CA through `SSL_CERT_FILE`, and a member who does not trust it
//! is refused with an error that names the certificate problem.

use std::sync::Arc;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tandem_tests::{Member, Server, describe};

/// A TLS proxy on 127.0.0.1 that forwards every connection to `backend` (a plain TCP port).
struct TlsProxy {
    port: u16,
    ca_pem: String,
    _runtime: tokio::runtime::Runtime,
}

impl TlsProxy {
    fn start(backend: u16) -> TlsProxy {
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Tandem test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA certificate");
        let leaf_key = rcgen::KeyPair::generate().expect("server key");
        let leaf_params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).expect("params");
        let leaf = leaf_params.signed_by(&leaf_key, &ca).expect("server certificate");

        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone(), ca.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .expect("TLS server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("proxy runtime");
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        runtime.spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client that rejects our certificate ends its handshake here; that is fine.
                    let Ok(mut tls) = acceptor.accept(inbound).await else { return };
                    let Ok(mut plain) = tokio::net::TcpStream::connect(("127.0.0.1", backend)).await else { return };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        TlsProxy { port, ca_pem: ca.pem(), _runtime: runtime }
    }
}

#[test]
fn members_share_join_and_sync_over_https_and_wss() {
    let server = Server::start();
    let proxy = TlsProxy::start(server.port());
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &proxy.ca_pem).expect("write the CA");
    let ca = ca_file.to_str().expect("utf-8 path");
    let trust = [("SSL_CERT_FILE", ca)];
    let url = format!("https://127.0.0.1:{}", proxy.port);

    let (ada, bo, eve) = (Member::new("Ada"), Member::new("Bo"), Member::new("Eve"));
    ada.ok(&["project", "create", "Apollo", "--me", "Ada"]);
    let task = ada.create(&["task", "add", "Behind the proxy"]);

    // A member whose trust store lacks the CA cannot talk to the server, and is told why.
    eve.ok(&["project", "create", "Elsewhere", "--me", "Eve"]);
    let refused = eve.run_with(&["share", "--server", &url, "--token", &server.admin_token], &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", describe("share without trusting the CA", &refused));
    let err = String::from_utf8_lossy(&refused.stderr).to_lowercase();
    assert!(err.contains("certificate"), "the error names the certificate problem: {err}");

    let shared = ada.ok_with(&["share", "--server", &url, "--token", &server.admin_token, "--json"], &trust);
    let shared: serde_json::Value = serde_json::from_str(&shared).expect("share --json");
    assert_eq!(shared["state"], "up_to_date", "uploaded through wss: {shared}");
    assert_eq!(shared["server"], url.as_str());

    // `invite` is an HTTPS call too.
    let code = ada.ok_with(&["invite"], &trust).trim().to_owned();
    assert!(code.starts_with("tandem-invite:"), "{code}");
    let joined = bo.ok_with(&["join", &code, "--me", "Bo", "--json"], &trust);
    assert!(joined.contains("\"role\": \"member\""), "{joined}");
    bo.ok_with(&["task", "set", &task, "--status", "done"], &trust);
    bo.ok_with(&["sync"], &trust);
    let synced = ada.ok_with(&["sync", "--json"], &trust);
    assert!(synced.contains("\"state\": \"up_to_date\""), "{synced}");
    let status = ada.ok_with(&["task", "show", &task, "--json"], &trust);
    assert!(status.contains("\"status\": \"done\""), "Bo's edit came through the TLS proxy: {status}");
}
