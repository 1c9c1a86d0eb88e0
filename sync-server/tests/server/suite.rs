//! The shared suite: every function takes the backend to start the server on, and runs once
//! against SQLite and once against PostgreSQL (see `main.rs`).

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kith_protocol::{
    DeviceInfo, PushRequest, SealedChange, Session, MAX_BODY_BYTES, MAX_CHANGE_BYTES,
    MAX_PUSH_CHANGES,
};

use crate::support::*;

const WAIT: Duration = Duration::from_secs(10);

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

pub fn signup_gives_a_session_and_a_taken_email_gets_a_generic_409(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let email = unique_email();
    let answer = api.create_account(&email, PASSWORD, "laptop");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let session: Session = answer.json();
    assert!(is_hex64(&session.token));
    assert_eq!(
        uuid::Uuid::parse_str(&session.workspace_id)
            .unwrap()
            .get_version_num(),
        4
    );
    assert_eq!(session.key_check, STANDARD.encode(b"sealed check value"));

    // The same email, written differently, is the same account.
    let again = api.create_account(&format!("  {}  ", email.to_uppercase()), PASSWORD, "phone");
    let message = again.expect_error(409, "conflict");
    assert_eq!(message, "could not create an account with this email");
    assert_eq!(env.storage.stored_accounts().len(), 1);
}

pub fn signup_refuses_bad_fields_naming_them(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let cases = [
        (unique_email().replace('@', ""), PASSWORD, "laptop", "email"),
        (unique_email(), "short", "laptop", "password"),
        (unique_email(), PASSWORD, "   ", "device_name"),
        (unique_email(), PASSWORD, &"x".repeat(101), "device_name"),
    ];
    for (email, password, device, field) in cases {
        let message = api
            .create_account(&email, password, device)
            .expect_error(400, "bad_request");
        assert!(message.contains(field), "{message}");
    }
    let bad_key_check = serde_json::json!({
        "email": unique_email(), "password": PASSWORD, "device_name": "x", "key_check": "not base64!"
    });
    let message = api
        .post("/v1/accounts", None, &bad_key_check)
        .expect_error(400, "bad_request");
    assert!(message.contains("key_check"), "{message}");
    let missing = serde_json::json!({"email": unique_email(), "password": PASSWORD});
    let message = api
        .post("/v1/accounts", None, &missing)
        .expect_error(400, "bad_request");
    assert!(message.contains("device_name"), "{message}");
    assert!(env.storage.stored_accounts().is_empty());
}

pub fn login_works_and_every_wrong_answer_looks_the_same(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, first) = api.signup();
    let second = api.login_ok(&format!(" {} ", email.to_uppercase()), "phone");
    assert_eq!(second.workspace_id, first.workspace_id);
    assert_ne!(second.device_id, first.device_id);
    assert_ne!(second.token, first.token);
    assert_eq!(second.key_check, first.key_check);

    let wrong_password = api.login(&email, "wrong password", "phone");
    let unknown_email = api.login(&unique_email(), PASSWORD, "phone");
    let malformed_email = api.login("no-at-sign", PASSWORD, "phone");
    for answer in [&wrong_password, &unknown_email, &malformed_email] {
        answer.expect_error(401, "invalid_credentials");
        assert_eq!(answer.body, wrong_password.body);
    }
    assert_eq!(wrong_password.error().message, "email or password is wrong");
}

pub fn failed_logins_are_rate_limited(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, _) = api.signup();
    for _ in 0..10 {
        api.login(&email, "wrong password", "phone")
            .expect_error(401, "invalid_credentials");
    }
    let limited = api.login(&email, "wrong password", "phone");
    limited.expect_error(429, "rate_limited");
    let retry: u64 = limited
        .retry_after
        .as_deref()
        .expect("a Retry-After header")
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Even the right password waits now: the account is limited...
    api.login(&email, PASSWORD, "phone")
        .expect_error(429, "rate_limited");
    // ...and so is this address, for any other account.
    let (other, _) = api.signup();
    api.login(&other, PASSWORD, "phone")
        .expect_error(429, "rate_limited");
    let metrics = api.get("/metrics", None).body;
    assert!(
        metrics.contains("kith_login_failures_total 10\n"),
        "{metrics}"
    );
    assert!(metrics.contains("kith_rate_limited_total 3\n"), "{metrics}");
}

pub fn devices_are_listed_and_revoked_and_a_revoked_device_is_refused_at_once(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");

    let listed = api.get("/v1/devices", Some(&laptop.token));
    assert_eq!(listed.status, 200, "{}", listed.body);
    let devices: Vec<DeviceInfo> = listed.json();
    assert_eq!(devices.len(), 2);
    let me = devices.iter().find(|d| d.current).unwrap();
    assert_eq!(me.device_id, laptop.device_id);
    assert_eq!(me.name, "laptop");
    let other = devices.iter().find(|d| !d.current).unwrap();
    assert_eq!(other.device_id, phone.device_id);
    assert_eq!(other.name, "phone");
    assert!(devices
        .iter()
        .all(|d| d.revoked_at.is_none() && d.created_at > 0));

    // The phone works, then is revoked, then is refused at once, everywhere.
    api.push(&phone, &batch(1));
    let revoke = api.delete(
        &format!("/v1/devices/{}", phone.device_id),
        Some(&laptop.token),
    );
    assert_eq!(revoke.status, 204, "{}", revoke.body);
    let changes = Api::changes_path(&phone.workspace_id);
    api.get("/v1/devices", Some(&phone.token))
        .expect_error(401, "unauthorized");
    api.get(&changes, Some(&phone.token))
        .expect_error(401, "unauthorized");
    api.push_answer(&phone, &batch(1))
        .expect_error(401, "unauthorized");
    api.get(
        &format!("/v1/workspaces/{}/events", phone.workspace_id),
        Some(&phone.token),
    )
    .expect_error(401, "unauthorized");
    api.post_raw("/v1/logout", Some(&phone.token), b"")
        .expect_error(401, "unauthorized");

    let devices: Vec<DeviceInfo> = api.get("/v1/devices", Some(&laptop.token)).json();
    let revoked = devices
        .iter()
        .find(|d| d.device_id == phone.device_id)
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    // Revoking again changes nothing; an unknown id is not found.
    assert_eq!(
        api.delete(
            &format!("/v1/devices/{}", phone.device_id),
            Some(&laptop.token)
        )
        .status,
        204
    );
    api.delete(
        &format!("/v1/devices/{}", random_uuid()),
        Some(&laptop.token),
    )
    .expect_error(404, "not_found");
    // The laptop still works, and the phone's change is still there.
    assert_eq!(api.pull(&laptop, 0, 10).changes.len(), 1);
}

pub fn logout_revokes_only_the_callers_device(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    let answer = api.post_raw("/v1/logout", Some(&phone.token), b"");
    assert_eq!(answer.status, 204, "{}", answer.body);
    api.get("/v1/devices", Some(&phone.token))
        .expect_error(401, "unauthorized");
    assert_eq!(api.get("/v1/devices", Some(&laptop.token)).status, 200);
    // Logging in again makes a new device; the old token stays dead.
    let again = api.login_ok(&email, "phone");
    assert_ne!(again.device_id, phone.device_id);
    api.get("/v1/devices", Some(&phone.token))
        .expect_error(401, "unauthorized");
}

pub fn requests_without_a_valid_token_are_refused(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, session) = api.signup();
    let changes = Api::changes_path(&session.workspace_id);
    let unknown = random_hex(32);
    let upper = session.token.to_uppercase();
    for token in [
        None,
        Some("not-a-token"),
        Some(&unknown[..]),
        Some(&upper[..]),
    ] {
        api.get("/v1/devices", token)
            .expect_error(401, "unauthorized");
        api.get(&changes, token).expect_error(401, "unauthorized");
        let refused = api.post(&changes, token, &PushRequest { changes: batch(1) });
        refused.expect_error(401, "unauthorized");
        // The body went unread: the server closes the connection and says so, so the client
        // does not send its next request down a dying connection.
        assert_eq!(refused.connection.as_deref(), Some("close"));
    }
    assert!(env.storage.stored_changes().is_empty());
}

pub fn push_and_pull_round_trip_in_pages(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    let sent: Vec<SealedChange> = (0..25).map(|i| sealed(1 + i * 37)).collect();
    let first = api.push(&laptop, &sent[..10]);
    assert_eq!(
        (first.accepted, first.duplicates, first.cursor),
        (10, 0, 10)
    );
    let second = api.push(&phone, &sent[10..20]);
    assert_eq!((second.accepted, second.cursor), (10, 20));
    let third = api.push(&laptop, &sent[20..]);
    assert_eq!((third.accepted, third.cursor), (5, 25));

    let page = api.pull(&phone, 0, 10);
    assert_eq!((page.changes.len(), page.cursor, page.more), (10, 10, true));
    let page2 = api.pull(&phone, page.cursor, 10);
    assert_eq!(
        (page2.changes.len(), page2.cursor, page2.more),
        (10, 20, true)
    );
    let page3 = api.pull(&phone, page2.cursor, 10);
    assert_eq!(
        (page3.changes.len(), page3.cursor, page3.more),
        (5, 25, false)
    );
    let empty = api.pull(&phone, 25, 10);
    assert_eq!(
        (empty.changes.len(), empty.cursor, empty.more),
        (0, 25, false)
    );
    let exact = api.pull(&phone, 15, 10);
    assert_eq!(
        (exact.changes.len(), exact.cursor, exact.more),
        (10, 25, false)
    );

    let pulled: Vec<_> = [page.changes, page2.changes, page3.changes].concat();
    for (i, (got, want)) in pulled.iter().zip(&sent).enumerate() {
        assert_eq!(got.seq, i as i64 + 1);
        assert_eq!(got.id, want.id);
        assert_eq!(got.data, want.data);
    }
    // Defaults: after=0 and a page of DEFAULT_PAGE.
    let all = api.get(
        &Api::changes_path(&laptop.workspace_id),
        Some(&laptop.token),
    );
    let all: kith_protocol::PullResponse = all.json();
    assert_eq!((all.changes.len(), all.cursor, all.more), (25, 25, false));
}

pub fn pushing_the_same_batch_twice_stores_it_once(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, session) = api.signup();
    let mut changes = batch(5);
    changes.push(changes[2].clone());
    let first = api.push(&session, &changes);
    assert_eq!((first.accepted, first.duplicates, first.cursor), (5, 1, 5));
    let again = api.push(&session, &changes);
    assert_eq!((again.accepted, again.duplicates, again.cursor), (0, 6, 5));
    // Old and new mixed: only the new ones get numbers, with no gap.
    let mut mixed = batch(3);
    mixed.insert(1, changes[0].clone());
    let third = api.push(&session, &mixed);
    assert_eq!((third.accepted, third.duplicates, third.cursor), (3, 1, 8));
    let seqs: Vec<i64> = api.pull_all(&session).iter().map(|c| c.seq).collect();
    assert_eq!(seqs, (1..=8).collect::<Vec<_>>());
    assert_eq!(env.storage.stored_changes().len(), 8);
    let metrics = api.get("/metrics", None).body;
    assert!(
        metrics.contains("kith_changes_accepted_total 8\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("kith_changes_duplicate_total 8\n"),
        "{metrics}"
    );
}

pub fn pulling_twice_gives_the_same_page(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, session) = api.signup();
    api.push(&session, &batch(7));
    let once = api.pull_answer(&session, "after=2&limit=3");
    let twice = api.pull_answer(&session, "after=2&limit=3");
    assert_eq!(once.status, 200);
    assert_eq!(once.body, twice.body);
    assert_eq!(once.json::<kith_protocol::PullResponse>().cursor, 5);
}

pub fn concurrent_pushes_keep_sequence_numbers_gap_free(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, first) = api.signup();
    let devices: Vec<Session> = std::iter::once(first)
        .chain((1..4).map(|i| api.login_ok(&email, &format!("device {i}"))))
        .collect();
    // Another account pushing at the same time: pushes waiting together are stored together,
    // and each workspace keeps its own numbering.
    let (other_email, other_first) = api.signup();
    let others: Vec<Session> = vec![other_first, api.login_ok(&other_email, "other device")];
    // Some changes are pushed by every device, as after an offline merge.
    let shared = batch(5);
    let handles: Vec<_> = devices
        .iter()
        .chain(&others)
        .cloned()
        .map(|session| {
            let api = api.clone();
            let shared = shared.clone();
            std::thread::spawn(move || {
                for shared_change in &shared {
                    let mut changes = batch(4);
                    changes.push(shared_change.clone());
                    api.push(&session, &changes);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    for (sessions, expected) in [(&devices, 4 * 5 * 4 + 5), (&others, 2 * 5 * 4 + 5)] {
        let all = api.pull_all(&sessions[0]);
        assert_eq!(all.len(), expected);
        let seqs: Vec<i64> = all.iter().map(|c| c.seq).collect();
        assert_eq!(seqs, (1..=expected as i64).collect::<Vec<_>>());
        let ids: std::collections::HashSet<_> = all.iter().map(|c| c.id.clone()).collect();
        assert_eq!(ids.len(), expected);
    }
}

pub fn malformed_requests_are_refused_with_a_reason_and_store_nothing(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, session) = api.signup();
    let path = Api::changes_path(&session.workspace_id);
    let token = Some(&session.token[..]);
    let good = sealed(10);

    let message = api
        .post_raw(&path, token, b"{\"changes\": [")
        .expect_error(400, "bad_request");
    assert!(
        message.contains("JSON") || message.contains("EOF"),
        "{message}"
    );
    let message = api
        .post_raw(&path, token, br#"{"changes": [{"id": 3, "data": "AQID"}]}"#)
        .expect_error(400, "bad_request");
    assert!(message.contains("changes[0].id"), "{message}");
    let message = api
        .post_raw(&path, token, br#"{"changes": []} trailing"#)
        .expect_error(400, "bad_request");
    assert!(message.contains("more after"), "{message}");

    let push = |changes: Vec<SealedChange>| api.push_answer(&session, &changes);
    let bad_id = SealedChange {
        id: "ZZ".repeat(32),
        data: good.data.clone(),
    };
    let message = push(vec![good.clone(), bad_id]).expect_error(400, "bad_request");
    assert_eq!(message, "changes[1]: id is not 64 lowercase hex digits");
    let bad_data = SealedChange {
        id: random_hex(32),
        data: "AQI".to_owned(),
    };
    let message = push(vec![good.clone(), good.clone(), bad_data]).expect_error(400, "bad_request");
    assert!(
        message.starts_with("changes[2]: data is not valid base64"),
        "{message}"
    );
    let empty = SealedChange {
        id: random_hex(32),
        data: String::new(),
    };
    let message = push(vec![empty]).expect_error(400, "bad_request");
    assert_eq!(message, "changes[0]: data is empty");
    let big = SealedChange {
        id: random_hex(32),
        data: STANDARD.encode(vec![1u8; MAX_CHANGE_BYTES + 1]),
    };
    let message = push(vec![good.clone(), big]).expect_error(400, "bad_request");
    assert!(message.starts_with("changes[1]: data is"), "{message}");
    let many: Vec<SealedChange> = (0..=MAX_PUSH_CHANGES).map(|_| sealed(1)).collect();
    let message = push(many).expect_error(400, "bad_request");
    assert!(message.contains("1001"), "{message}");

    // A body over the limit is refused whole, before it is sent when it says its length...
    let (status, body) =
        post_announcing_length(&api.base, &path, &session.token, MAX_BODY_BYTES + 1);
    assert_eq!(status, 413, "{body}");
    let error: kith_protocol::ErrorBody = serde_json::from_str(&body).unwrap();
    assert_eq!(error.code, "too_large");
    assert!(
        error.message.contains(&MAX_BODY_BYTES.to_string()),
        "{body}"
    );
    // ...and once it passes the limit when it is streamed in chunks of unknown total length.
    let (status, body) = post_chunked(&api.base, &path, &session.token, MAX_BODY_BYTES + 1);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("too_large"), "{body}");

    for query in ["after=-1", "after=abc", "limit=0", "limit=x", "after=1.5"] {
        let message = api
            .pull_answer(&session, query)
            .expect_error(400, "bad_request");
        let name = query.split('=').next().unwrap();
        assert!(message.contains(name), "{query}: {message}");
    }

    // Nothing of all that was stored.
    let page = api.pull(&session, 0, 100);
    assert_eq!((page.changes.len(), page.cursor), (0, 0));
    assert!(env.storage.stored_changes().is_empty());
    // And the workspace still takes a good push, numbered from 1.
    assert_eq!(api.push(&session, &[good]).cursor, 1);
}

pub fn another_accounts_workspace_is_not_found_and_reveals_nothing(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, alice) = api.signup();
    let (_, bob) = api.signup();
    api.push(&bob, &batch(3));
    let bobs_devices_before = api.get("/v1/devices", Some(&bob.token)).body;
    let nowhere = random_uuid().to_string();

    let mut answers = Vec::new();
    for workspace in [&bob.workspace_id, &nowhere] {
        let changes = Api::changes_path(workspace);
        answers.push(vec![
            api.post(
                &changes,
                Some(&alice.token),
                &PushRequest { changes: batch(1) },
            ),
            api.get(&changes, Some(&alice.token)),
            api.get(&format!("{changes}?after=0&limit=5"), Some(&alice.token)),
            api.get(
                &format!("/v1/workspaces/{workspace}/events"),
                Some(&alice.token),
            ),
        ]);
    }
    for (of_bob, of_nobody) in answers[0].iter().zip(&answers[1]) {
        of_bob.expect_error(404, "not_found");
        assert_eq!(of_bob.body, of_nobody.body);
        assert!(!of_bob.body.contains(&bob.workspace_id));
    }
    let revoke_bobs = api.delete(
        &format!("/v1/devices/{}", bob.device_id),
        Some(&alice.token),
    );
    let revoke_unknown = api.delete(&format!("/v1/devices/{nowhere}"), Some(&alice.token));
    revoke_bobs.expect_error(404, "not_found");
    assert_eq!(revoke_bobs.body, revoke_unknown.body);

    // Alice's devices list holds only her own; Bob's workspace and devices are untouched.
    let alices: Vec<DeviceInfo> = api.get("/v1/devices", Some(&alice.token)).json();
    assert_eq!(alices.len(), 1);
    assert_eq!(api.pull(&bob, 0, 100).changes.len(), 3);
    assert_eq!(
        api.get("/v1/devices", Some(&bob.token)).body,
        bobs_devices_before
    );
    assert_eq!(api.pull(&alice, 0, 100).changes.len(), 0);
}

pub fn a_push_from_another_device_wakes_the_event_stream(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    api.push(&phone, &batch(2));
    let stream = api.events(&laptop);
    assert_eq!(
        stream.next_moved(WAIT),
        Some(2),
        "the current cursor comes first"
    );
    api.push(&phone, &batch(3));
    assert_eq!(stream.next_moved(WAIT), Some(5));
    let again = batch(1);
    api.push(&phone, &again);
    assert_eq!(stream.next_moved(WAIT), Some(6));
    // A push of duplicates moves nothing: the next event is the next real move.
    api.push(&phone, &again);
    let metrics = api.get("/metrics", None).body;
    assert!(metrics.contains("kith_event_streams_open 1\n"), "{metrics}");
    api.push(&laptop, &batch(1));
    assert_eq!(stream.next_moved(WAIT), Some(7));
}

pub fn revoking_a_device_closes_its_event_stream(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    let phones = api.events(&phone);
    let laptops = api.events(&laptop);
    assert_eq!(phones.next_moved(WAIT), Some(0));
    assert_eq!(laptops.next_moved(WAIT), Some(0));
    let revoke = api.delete(
        &format!("/v1/devices/{}", phone.device_id),
        Some(&laptop.token),
    );
    assert_eq!(revoke.status, 204);
    assert!(phones.ends_within(Duration::from_secs(3)));
    // The laptop's stream is still open and still hears moves.
    api.push(&laptop, &batch(1));
    assert_eq!(laptops.next_moved(WAIT), Some(1));
}

pub fn healthz_and_unknown_routes(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let health = api.get("/healthz", None);
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    api.get("/v1/nothing-here", None)
        .expect_error(404, "not_found");
    api.delete("/v1/accounts", None)
        .expect_error(405, "method_not_allowed");
}

pub fn metrics_count_requests_by_route_template(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (_, session) = api.signup();
    api.push(&session, &batch(2));
    api.pull(&session, 0, 10);
    api.pull(&session, 0, 10);
    api.get("/v1/devices", None);
    let answer = api.get("/metrics", None);
    assert_eq!(answer.status, 200);
    assert!(answer
        .content_type
        .as_deref()
        .unwrap_or("")
        .starts_with("text/plain; version=0.0.4"));
    let text = answer.body;
    for line in [
        "kith_http_requests_total{method=\"POST\",route=\"/v1/accounts\",status=\"201\"} 1",
        "kith_http_requests_total{method=\"POST\",route=\"/v1/workspaces/{workspace_id}/changes\",status=\"200\"} 1",
        "kith_http_requests_total{method=\"GET\",route=\"/v1/workspaces/{workspace_id}/changes\",status=\"200\"} 2",
        "kith_http_requests_total{method=\"GET\",route=\"/v1/devices\",status=\"401\"} 1",
        "kith_http_request_duration_seconds_count{route=\"/v1/workspaces/{workspace_id}/changes\"} 3",
        "kith_changes_accepted_total 2",
        "kith_changes_duplicate_total 0",
        "kith_login_failures_total 0",
        "kith_rate_limited_total 0",
        "kith_event_streams_open 0",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains(&session.workspace_id));
}

pub fn pulling_marks_the_device_as_seen(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, laptop) = api.signup();
    let phone = api.login_ok(&email, "phone");
    let before: Vec<DeviceInfo> = api.get("/v1/devices", Some(&laptop.token)).json();
    let phone_before = before
        .iter()
        .find(|d| d.device_id == phone.device_id)
        .unwrap();
    assert_eq!(phone_before.last_seen_at, None);
    api.pull(&phone, 0, 10);
    let after: Vec<DeviceInfo> = api.get("/v1/devices", Some(&laptop.token)).json();
    let phone_after = after
        .iter()
        .find(|d| d.device_id == phone.device_id)
        .unwrap();
    let seen = phone_after.last_seen_at.expect("seen after a pull");
    assert!(seen >= phone_after.created_at);
}

pub fn storage_holds_ciphertext_and_no_password_or_token(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, session) = api.signup();
    let ciphertexts: Vec<Vec<u8>> = (0..4).map(|i| random_bytes(100 + i * 50)).collect();
    let changes: Vec<SealedChange> = ciphertexts
        .iter()
        .map(|bytes| SealedChange {
            id: random_hex(32),
            data: STANDARD.encode(bytes),
        })
        .collect();
    api.push(&session, &changes);

    let stored = env.storage.stored_changes();
    assert_eq!(stored.len(), 4);
    for ((seq, id, data), (sent, bytes)) in stored.iter().zip(changes.iter().zip(&ciphertexts)) {
        assert_eq!(
            data, bytes,
            "the stored bytes are exactly the ciphertext sent"
        );
        assert_eq!(id, &sent.id);
        assert!(*seq >= 1);
    }
    let accounts = env.storage.stored_accounts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].0, email);
    assert!(accounts[0].1.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));

    let everything = env.storage.everything();
    assert!(contains(&everything, email.as_bytes()));
    assert!(!contains(&everything, PASSWORD.as_bytes()));
    assert!(!contains(&everything, session.token.as_bytes()));
    if let Storage::Sqlite(_) = env.storage {
        // On disk, the ciphertext is there byte for byte.
        for bytes in &ciphertexts {
            assert!(contains(&everything, bytes));
        }
    }
}

pub fn logs_carry_routes_and_never_secrets(backend: Backend) {
    let env = backend.start();
    let api = env.api();
    let (email, session) = api.signup();
    let wrong = "a wrong password";
    api.login(&email, wrong, "phone");
    let change = sealed(32);
    api.push(&session, std::slice::from_ref(&change));
    api.pull_answer(
        &session,
        &format!("after=0&limit=7&secret={}", session.token),
    );
    std::thread::sleep(Duration::from_millis(300));
    let logs = env.server.logs();
    let request_lines: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v["message"] == "request")
        .collect();
    let push_line = request_lines
        .iter()
        .find(|v| v["method"] == "POST" && v["route"] == "/v1/workspaces/{workspace_id}/changes")
        .expect("a log line for the push");
    assert_eq!(push_line["status"], 200);
    assert_eq!(push_line["workspace_id"], session.workspace_id.as_str());
    assert!(push_line["duration_ms"].as_f64().is_some());
    for secret in [
        &email[..],
        PASSWORD,
        wrong,
        &session.token,
        &change.data,
        &change.id,
        "limit=7",
    ] {
        assert!(
            !logs.contains(secret),
            "the logs contain {secret:?}:\n{logs}"
        );
    }
}
