//! HTTPS with a certificate made for the test (rustls, ring provider), on SQLite.

use std::time::Duration;

use crate::support::*;

#[test]
fn https_serves_the_api_and_the_event_stream_with_a_self_signed_certificate() {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();

    let storage = Backend::Sqlite.storage();
    let mut args = storage.args();
    args.extend([
        "--tls-cert".to_owned(),
        cert.display().to_string(),
        "--tls-key".to_owned(),
        key.display().to_string(),
    ]);
    let server = Server::start(&args);
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );

    let api = Api::new(&server.url, agent(Some(certified.cert.der().as_ref())));
    assert_eq!(api.get("/healthz", None).body, "ok");
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    let stream = api.events(&laptop);
    assert_eq!(stream.next_moved(Duration::from_secs(10)), Some(0));
    let sent = batch(3);
    api.push(&phone, &sent);
    assert_eq!(stream.next_moved(Duration::from_secs(10)), Some(3));
    let pulled = api.pull(&laptop, 0, 10);
    assert_eq!(pulled.changes.len(), 3);
    assert_eq!(pulled.changes[0].data, sent[0].data);

    // A client that does not trust the certificate gets no answer at all.
    let refused = agent(None)
        .requests
        .get(format!("{}/healthz", server.url))
        .send();
    assert!(refused.is_err(), "an untrusted certificate was accepted");
    drop(server);
    drop(storage);
}
