//! Several server instances on one PostgreSQL database, as behind a load balancer.

use std::time::Duration;

use crate::support::*;

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn a_push_to_one_instance_wakes_a_stream_on_another() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let env = backend.start();
    let other = env.start_another();
    let (a, b) = (env.api(), other.api());
    let (email, laptop) = a.signup();
    let phone = b.login_ok(&email, "phone");

    let stream = b.events(&laptop);
    assert_eq!(stream.next_moved(WAIT), Some(0));
    assert_eq!(a.push(&phone, &batch(4)).cursor, 4);
    assert_eq!(
        stream.next_moved(WAIT),
        Some(4),
        "instance B heard of A's push"
    );
    // And back the other way.
    let back = a.events(&phone);
    assert_eq!(back.next_moved(WAIT), Some(4));
    b.push(&laptop, &batch(1));
    assert_eq!(back.next_moved(WAIT), Some(5));
    // A revoke on A closes the device's stream on B, and B refuses the device at once.
    let on_b = b.events(&phone);
    assert_eq!(on_b.next_moved(WAIT), Some(5));
    let revoke = a.delete(
        &format!("/v1/devices/{}", phone.device_id),
        Some(&laptop.token),
    );
    assert_eq!(revoke.status, 204);
    assert!(on_b.ends_within(Duration::from_secs(3)));
    b.get("/v1/devices", Some(&phone.token))
        .expect_error(401, "unauthorized");
}

#[test]
fn concurrent_pushes_through_two_instances_stay_gap_free() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let env = backend.start();
    let other = env.start_another();
    let (a, b) = (env.api(), other.api());
    let (email, first) = a.signup();
    let second = b.login_ok(&email, "second");
    let shared = batch(10);
    let pushers: Vec<_> = [(a.clone(), first.clone()), (b.clone(), second)]
        .into_iter()
        .map(|(api, session)| {
            let shared = shared.clone();
            std::thread::spawn(move || {
                for shared_change in &shared {
                    let mut changes = batch(5);
                    changes.push(shared_change.clone());
                    api.push(&session, &changes);
                }
            })
        })
        .collect();
    for pusher in pushers {
        pusher.join().unwrap();
    }
    let all = a.pull_all(&first);
    let expected = 2 * 10 * 5 + 10;
    let seqs: Vec<i64> = all.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, (1..=expected as i64).collect::<Vec<_>>());
}

#[test]
fn instances_starting_together_create_the_schema_once() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let storage = backend.storage();
    let args = storage.args();
    let starters: Vec<_> = (0..3)
        .map(|_| {
            let args = args.clone();
            std::thread::spawn(move || Server::start(&args))
        })
        .collect();
    let servers: Vec<Server> = starters.into_iter().map(|s| s.join().unwrap()).collect();
    for server in &servers {
        assert_eq!(server.api().get("/healthz", None).body, "ok");
    }
    let (_, session) = servers[0].api().signup();
    servers[2].api().push(&session, &batch(2));
    assert_eq!(servers[1].api().pull(&session, 0, 10).cursor, 2);
    drop(servers);
    drop(storage);
}
