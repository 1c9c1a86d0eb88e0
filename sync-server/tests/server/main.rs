//! The real `kith-sync-server` binary on `127.0.0.1:0`, driven over HTTP: the shared suite
//! against SQLite and against PostgreSQL, then what only one backend needs (TLS, several
//! instances, the command line).

mod cli;
mod instances;
mod suite;
mod support;
mod tls;

/// Runs each suite function once per backend: `sqlite::name` and `postgres::name`.
macro_rules! shared_suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    crate::suite::$name(crate::support::Backend::Sqlite);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(backend) = crate::support::Backend::postgres() {
                        crate::suite::$name(backend);
                    }
                }
            )*
        }
    };
}

shared_suite!(
    signup_gives_a_session_and_a_taken_email_gets_a_generic_409,
    signup_refuses_bad_fields_naming_them,
    login_works_and_every_wrong_answer_looks_the_same,
    failed_logins_are_rate_limited,
    devices_are_listed_and_revoked_and_a_revoked_device_is_refused_at_once,
    logout_revokes_only_the_callers_device,
    requests_without_a_valid_token_are_refused,
    push_and_pull_round_trip_in_pages,
    pushing_the_same_batch_twice_stores_it_once,
    pulling_twice_gives_the_same_page,
    concurrent_pushes_keep_sequence_numbers_gap_free,
    malformed_requests_are_refused_with_a_reason_and_store_nothing,
    another_accounts_workspace_is_not_found_and_reveals_nothing,
    a_push_from_another_device_wakes_the_event_stream,
    revoking_a_device_closes_its_event_stream,
    healthz_and_unknown_routes,
    metrics_count_requests_by_route_template,
    pulling_marks_the_device_as_seen,
    storage_holds_ciphertext_and_no_password_or_token,
    logs_carry_routes_and_never_secrets,
);
