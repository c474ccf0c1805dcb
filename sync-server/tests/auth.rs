//! The server relays and stores documents between samod peers, and only for tokens with a grant:
//! restart survival, no-grant peers, viewers, revocation, peer-id binding, invites, 401s.

mod common;

use common::*;
use serde_json::json;
use tandem_sync_server::wire::{self, MsgType};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_peers_sync_through_the_server_and_it_survives_a_restart() {
    let server = TestServer::start().await;
    let mut alice = Peer::new().await;
    let doc = alice.create("title", "plan").await;
    let doc_id = doc.document_id().clone();
    server.register(&doc_id).await;
    let conn = alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");
    pushed(&doc, conn).await;

    let (bob_token, _) = server.member(&doc_id, "member", "Bob").await;
    let mut bob = Peer::new().await;
    let bob_conn = bob.connect(server.ws_url(&bob_token)).await.expect("bob connects");
    let bobs = bob.find(&doc_id).await.expect("bob finds the project");
    assert_eq!(get(&bobs, "title").as_deref(), Some("plan"));
    put(&bobs, "status", "green");
    pushed(&bobs, bob_conn).await;
    wait_for(&doc, "status", "green").await;
    alice.stop().await;
    bob.stop().await;

    let server = server.restart().await;
    let (_, text) = server.server_doc(&doc_id).await.expect("stored across the restart");
    assert_eq!(text, r#"status="green",title="plan""#);
    let mut carol = Peer::new().await;
    carol.connect(server.ws_url(&bob_token)).await.expect("bob's token still works after a restart");
    let carols = carol.find(&doc_id).await.expect("found after restart");
    assert_eq!(get(&carols, "status").as_deref(), Some("green"));
    carol.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_registered_while_connected_syncs_at_once() {
    let server = TestServer::start().await;
    let mut alice = Peer::new().await;
    let conn = alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");
    let doc = alice.create("title", "late").await;
    server.register(doc.document_id()).await;
    // The registration grants the open connection; the next change goes through.
    put(&doc, "k", "v");
    pushed(&doc, conn).await;
    let (_, text) = server.server_doc(doc.document_id()).await.expect("server has it");
    assert!(text.contains(r#"k="v""#), "{text}");
    alice.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_without_a_grant_can_neither_read_nor_write() {
    let server = TestServer::start().await;
    let (alice, doc, before) = coordinated_project(&server, "secret").await;
    let doc_id = doc.document_id().clone();

    // Read through samod: unavailable.
    let stranger = server.stranger().await;
    let mut eve = Peer::new().await;
    eve.connect(server.ws_url(&stranger)).await.expect("a valid token connects");
    assert!(eve.find(&doc_id).await.is_none(), "a stranger must not read the project");
    eve.stop().await;

    // Read and write by hand: both answered doc-unavailable, exactly as for a document that
    // does not exist, and nothing is stored.
    let mut raw = RawPeer::joined(&server, &stranger, "eve-raw").await;
    let unknown = samod::DocumentId::try_from(vec![9u8; 16]).expect("id");
    for (target, kind, changes) in [
        (&doc_id, "request", vec![]),
        (&doc_id, "sync", vec![foreign_change("title", "pwned")]),
        (&unknown, "request", vec![]),
    ] {
        raw.send(sync_message("eve-raw", &raw.server_peer.clone(), target, kind, changes)).await;
        let Heard::Binary(reply) = raw.recv().await else { panic!("connection closed") };
        let env = wire::decode(&reply).expect("decodes");
        assert_eq!((env.kind, env.document_id.as_ref()), (MsgType::DocUnavailable, Some(target)));
    }
    assert_eq!(server.server_doc(&doc_id).await.expect("stored"), before, "the project is unchanged");
    // Eve's samod request and the three above.
    let metrics = server.metrics().await;
    assert!(metrics.contains(r#"tandem_sync_rejections_total{reason="no_grant"} 4"#), "{metrics}");
    alice.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_reads_and_cannot_write() {
    let server = TestServer::start().await;
    let (alice, doc, before) = coordinated_project(&server, "read me").await;
    let doc_id = doc.document_id().clone();

    let (viewer, _) = server.member(&doc_id, "viewer", "Vic").await;
    let mut vic = Peer::new().await;
    vic.connect(server.ws_url(&viewer)).await.expect("viewer connects");
    let vics = vic.find(&doc_id).await.expect("a viewer reads");
    assert_eq!(get(&vics, "title").as_deref(), Some("read me"));
    vic.stop().await;

    let mut raw = RawPeer::joined(&server, &viewer, "vic-raw").await;
    raw.send(sync_message("vic-raw", &raw.server_peer.clone(), &doc_id, "sync", vec![foreign_change("title", "x")]))
        .await;
    let (code, reason) = raw.closed().await.expect("close frame");
    assert_eq!((code, reason.as_str()), (1008, "viewers may not send changes"));
    assert_eq!(server.server_doc(&doc_id).await.expect("stored"), before, "the project is unchanged");
    alice.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_member_is_cut_off() {
    let server = TestServer::start().await;
    let alice = Peer::new().await;
    let doc = alice.create("title", "t").await;
    let doc_id = doc.document_id().clone();
    server.register(&doc_id).await;
    let (bob, bob_id) = server.member(&doc_id, "member", "Bob").await;
    let mut raw = RawPeer::joined(&server, &bob, "bob-raw").await;

    let (status, body) =
        server.call("DELETE", &format!("/v1/projects/{doc_id}/members/{bob_id}"), Some(&server.admin), None).await;
    assert_eq!((status, body["connections_closed"].as_u64()), (200, Some(1)), "{body}");
    let (code, reason) = raw.closed().await.expect("close frame");
    assert_eq!((code, reason.as_str()), (1008, "your access to this server was revoked"));
    assert_eq!(RawPeer::open(&server, &bob, "bob-again").await.err(), Some(401));

    let (_, members) = server.call("GET", &format!("/v1/projects/{doc_id}/members"), Some(&server.admin), None).await;
    let bob_row = members["members"].as_array().expect("list").iter().find(|m| m["name"] == "Bob").cloned();
    assert!(bob_row.expect("bob listed")["revoked_at"].is_i64(), "{members}");
    alice.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_tokens_get_401_and_nothing_is_upgraded() {
    let server = TestServer::start().await;
    assert_eq!(RawPeer::open(&server, "tdt_not-a-token", "x").await.err(), Some(401));
    assert_eq!(RawPeer::open(&server, "", "x").await.err(), Some(401));
    // The Authorization header works as well as the query parameter.
    let mut request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
        "ws://{}/sync",
        server.addr
    ))
    .expect("request");
    request.headers_mut().insert("authorization", format!("Bearer {}", server.admin).parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.expect("a bearer header upgrades");
    assert!(server.metrics().await.contains(r#"tandem_sync_connections_refused_total{reason="unauthorized"} 2"#));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_id_belongs_to_the_token_that_first_used_it() {
    let server = TestServer::start().await;
    let other = server.stranger().await;
    let first = RawPeer::joined(&server, &server.admin, "peer-one").await;
    // The same peer id on a second connection is refused while the first is open...
    let mut again = RawPeer::open(&server, &server.admin, "peer-one").await.expect("upgrade");
    again.send(join_message("peer-one")).await;
    assert_eq!(again.closed().await.map(|c| c.1), Some("another connection already uses this peer id".into()));
    drop(first);
    // ...and another token may never claim it.
    let mut thief = RawPeer::open(&server, &other, "peer-one").await.expect("upgrade");
    thief.send(join_message("peer-one")).await;
    assert_eq!(thief.closed().await.map(|c| c.1), Some("this peer id belongs to another token".into()));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_are_single_use_scoped_and_expire() {
    let server = TestServer::start().await;
    let doc_id = samod::DocumentId::try_from(vec![3u8; 16]).expect("id");
    server.register(&doc_id).await;
    let invite = server.invite(&doc_id, "member").await;
    let (status, body) = server.call("POST", "/v1/join", None, Some(json!({"invite": invite, "name": "Ann"}))).await;
    assert_eq!(status, 201, "{body}");
    let member = body["token"].as_str().expect("token").to_owned();
    let (status, _) = server.call("POST", "/v1/join", None, Some(json!({"invite": invite, "name": "Ann2"}))).await;
    assert_eq!(status, 403, "an invite works once");

    // A member token may not register projects, invite, or list members.
    let other_doc = samod::DocumentId::try_from(vec![4u8; 16]).expect("id");
    let (status, _) =
        server.call("POST", "/v1/projects", Some(&member), Some(json!({"document_id": other_doc.to_string()}))).await;
    assert_eq!(status, 403);
    let (status, _) =
        server.call("POST", &format!("/v1/projects/{doc_id}/invites"), Some(&member), Some(json!({}))).await;
    assert_eq!(status, 403);
    let stranger = server.stranger().await;
    let (status, _) = server.call("GET", &format!("/v1/projects/{doc_id}/members"), Some(&stranger), None).await;
    assert_eq!(status, 404, "no existence leak to strangers");
    let (status, body) = server.call("GET", "/v1/projects", Some(&member), None).await;
    assert_eq!((status, body["projects"][0]["role"].as_str()), (200, Some("member")), "{body}");

    // Expired invites are refused; bad input says what to fix.
    let admin = server.state.db().authenticate(&server.admin).await.expect("db").expect("admin");
    let expired = server
        .state
        .db()
        .create_invite(&doc_id.to_string(), tandem_sync_server::Role::Viewer, admin.id, 0)
        .await
        .expect("invite");
    let (status, _) =
        server.call("POST", "/v1/join", None, Some(json!({"invite": expired.secret, "name": "Late"}))).await;
    assert_eq!(status, 403);
    let (status, body) = server
        .call("POST", &format!("/v1/projects/{doc_id}/invites"), Some(&server.admin), Some(json!({"role": "owner"})))
        .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().expect("error").contains("member or viewer"), "{body}");
    let (status, _) =
        server.call("POST", "/v1/projects", Some(&server.admin), Some(json!({"document_id": "not-an-id"}))).await;
    assert_eq!(status, 400);
    let (status, _) = server
        .call("POST", "/v1/projects", Some(&server.admin), Some(json!({"document_id": doc_id.to_string()})))
        .await;
    assert_eq!(status, 409, "registered twice");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_stored_only_as_hashes() {
    let server = TestServer::start().await;
    let doc_id = samod::DocumentId::try_from(vec![5u8; 16]).expect("id");
    server.register(&doc_id).await;
    let invite = server.invite(&doc_id, "viewer").await;
    let (member, _) = server.member(&doc_id, "member", "Mo").await;
    let admin = server.admin.clone();
    let dir = server.stop().await;
    let data_dir = dir.path();
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(data_dir).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("metadata.sqlite")) {
            stored.extend(std::fs::read(&path).expect("read"));
        }
    }
    assert!(stored.len() > 1000, "the metadata database was read");
    let text = String::from_utf8_lossy(&stored);
    assert!(text.contains("Mo"), "member names are stored in clear");
    for secret in [&member, &invite, &admin] {
        assert!(!text.contains(secret.as_str()), "a secret is stored in clear");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_never_offers_a_project_to_a_peer_without_a_grant() {
    let server = TestServer::start().await;
    let stranger = server.stranger().await;
    let mut eve = RawPeer::joined(&server, &stranger, "eve-listens").await;
    // A project arrives while Eve is connected: samod would announce it to every peer.
    let (alice, _doc, _) = coordinated_project(&server, "not for eve").await;
    // Eve's next message is the answer to her own request: nothing about Alice's project came
    // first, and the outbound filter had nothing to drop (the announce policy held).
    let unknown = samod::DocumentId::try_from(vec![8u8; 16]).expect("id");
    eve.send(sync_message("eve-listens", &eve.server_peer.clone(), &unknown, "request", vec![])).await;
    let Heard::Binary(reply) = eve.recv().await else { panic!("connection closed") };
    let env = wire::decode(&reply).expect("decodes");
    assert_eq!((env.kind, env.document_id), (MsgType::DocUnavailable, Some(unknown)));
    let metrics = server.metrics().await;
    assert!(!metrics.contains("outbound_without_grant"), "{metrics}");
    alice.stop().await;
    server.stop().await;
}

/// One replica keeps one token per server: joining a second project with the token it already
/// holds adds a grant to it, and revoking one project's grant leaves the other project open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_token_collects_grants_and_loses_only_the_revoked_one() {
    let server = TestServer::start().await;
    let first = samod::DocumentId::try_from(vec![5u8; 16]).expect("id");
    let second = samod::DocumentId::try_from(vec![6u8; 16]).expect("id");
    server.register(&first).await;
    server.register(&second).await;
    let (token, first_member) = server.member(&first, "member", "Ann").await;

    let invite = server.invite(&second, "viewer").await;
    let (status, body) =
        server.call("POST", "/v1/join", Some(&token), Some(json!({"invite": invite, "name": "Ann"}))).await;
    assert_eq!(status, 201, "{body}");
    assert!(body.get("token").is_none(), "no new token when the joiner holds one: {body}");
    assert_eq!(body["role"], "viewer");
    let (status, body) = server.call("GET", "/v1/projects", Some(&token), None).await;
    assert_eq!(status, 200);
    let roles: Vec<(String, String)> = body["projects"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| (p["document_id"].as_str().unwrap_or("").to_owned(), p["role"].as_str().unwrap_or("").to_owned()))
        .collect();
    let mut expected = vec![(first.to_string(), "member".to_owned()), (second.to_string(), "viewer".to_owned())];
    expected.sort();
    assert_eq!(roles, expected);

    // Joining a project it is already in is refused and does not spend the invite.
    let again = server.invite(&first, "member").await;
    let (status, body) =
        server.call("POST", "/v1/join", Some(&token), Some(json!({"invite": again, "name": "Ann"}))).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].as_str().expect("error").contains("already a member"), "{body}");
    let (status, _) = server.call("POST", "/v1/join", None, Some(json!({"invite": again, "name": "Bo"}))).await;
    assert_eq!(status, 201, "the refused join left the invite unspent");

    // A bogus held token is refused rather than silently minting a new one.
    let invite = server.invite(&first, "member").await;
    let (status, _) =
        server.call("POST", "/v1/join", Some("tdt_bogus"), Some(json!({"invite": invite, "name": "Eve"}))).await;
    assert_eq!(status, 401);

    // Revoking the first project's grant keeps the token for the second.
    let (status, body) =
        server.call("DELETE", &format!("/v1/projects/{first}/members/{first_member}"), Some(&server.admin), None).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.call("GET", "/v1/projects", Some(&token), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["projects"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(body["projects"][0]["document_id"], second.to_string());

    // A coordinator may invite the revoked member back onto the same token.
    let back = server.invite(&first, "member").await;
    let (status, body) =
        server.call("POST", "/v1/join", Some(&token), Some(json!({"invite": back, "name": "Ann"}))).await;
    assert_eq!((status, body["member_id"].as_i64()), (201, Some(first_member)), "{body}");
    server.stop().await;
}

/// Many members joining and connecting at the same moment all get in: the metadata store's
/// writing transactions queue for SQLite's write lock (`BEGIN IMMEDIATE` plus the busy timeout)
/// instead of failing with "database is locked" when another connection wrote first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_joining_and_connecting_at_once_all_get_in() {
    const MEMBERS: usize = 24;
    let server = TestServer::start().await;
    let mut owner = Peer::new().await;
    let doc = owner.create("title", "team").await;
    server.register(doc.document_id()).await;
    let mut invites = Vec::new();
    for _ in 0..MEMBERS {
        invites.push(server.invite(doc.document_id(), "member").await);
    }
    let joins = invites.iter().enumerate().map(|(i, invite)| {
        server.call("POST", "/v1/join", None, Some(json!({"invite": invite, "name": format!("m{i}")})))
    });
    let mut tokens = Vec::new();
    for (status, body) in futures::future::join_all(joins).await {
        assert_eq!(status, 201, "a join made at the same time as the others: {body}");
        tokens.push(body["token"].as_str().expect("token").to_owned());
    }
    let mut peers = Vec::new();
    for _ in 0..MEMBERS {
        peers.push(Peer::new().await);
    }
    let connects = peers.iter_mut().zip(&tokens).map(|(peer, token)| peer.connect(server.ws_url(token)));
    for (i, connected) in futures::future::join_all(connects).await.into_iter().enumerate() {
        connected.unwrap_or_else(|e| panic!("member m{i} connecting with the others: {e}"));
    }
    owner.connect(server.ws_url(&server.admin)).await.expect("the owner connects");
    let (_, text) = server.server_doc(doc.document_id()).await.expect("the server holds the project");
    assert!(text.contains("team"), "{text}");
}
