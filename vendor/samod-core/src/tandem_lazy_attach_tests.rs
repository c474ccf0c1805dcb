//! Tandem patch (change 4): when the hub attaches a connection to a document.
//!
//! Real hubs and real document actors (in-memory storage, an announce policy that always says
//! yes), joined by in-memory links: every message between peers is encoded and decoded as on the
//! wire. A node runs its hub events, actor messages and IO completions in one FIFO queue; the
//! network moves each node's sent messages to the other end of their link until nothing moves.

use std::collections::{HashMap, HashSet, VecDeque};

use automerge::{Automerge, ReadDoc, transaction::Transactable};
use rand::SeedableRng;

use crate::{
    BackoffConfig, CommandId, CommandResult, ConnectionId, DialerConfig, DocumentActorId,
    DocumentId, ListenerConfig, ListenerId, LoaderState, PeerId, SamodLoader, StorageKey,
    UnixTimestamp,
    actors::{
        DocumentActor, HubToDocMsg,
        document::{
            DocActorResult,
            io::{DocumentIoResult, DocumentIoTask},
        },
        hub::{DispatchedCommand, Hub, HubEvent, HubResults, io::HubIoAction},
        messages::HubToDocMsgPayload,
    },
    io::{IoResult, StorageResult, StorageTask},
    network::wire_protocol::WireMessage,
};

fn now() -> UnixTimestamp {
    UnixTimestamp::from_millis(1_000)
}

enum Work {
    Hub(HubEvent),
    ToActor(DocumentActorId, HubToDocMsg),
    ActorIo(DocumentActorId, IoResult<DocumentIoResult>),
}

struct Node {
    peer_id: PeerId,
    hub: Hub,
    rng: rand::rngs::StdRng,
    actors: HashMap<DocumentActorId, DocumentActor>,
    storage: HashMap<StorageKey, Vec<u8>>,
    listener: Option<ListenerId>,
    work: VecDeque<Work>,
    /// Every message the hub sent to a document actor, in order.
    to_actors: Vec<(DocumentActorId, HubToDocMsgPayload)>,
    /// Every actor spawned, with its document and the connections it started with.
    spawned: Vec<(DocumentActorId, DocumentId, HashSet<ConnectionId>)>,
    /// Wire messages the hub sent that the network has not delivered yet.
    outbox: Vec<(ConnectionId, Vec<u8>)>,
    /// Every wire message this node received, decoded.
    received: Vec<(ConnectionId, WireMessage)>,
    completed: HashMap<CommandId, CommandResult>,
}

fn execute(storage: &mut HashMap<StorageKey, Vec<u8>>, task: StorageTask) -> StorageResult {
    match task {
        StorageTask::Load { key } => StorageResult::Load {
            value: storage.get(&key).cloned(),
        },
        StorageTask::LoadRange { prefix } => StorageResult::LoadRange {
            values: storage
                .iter()
                .filter(|(k, _)| prefix.is_prefix_of(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        },
        StorageTask::Put { key, value } => {
            storage.insert(key, value);
            StorageResult::Put
        }
        StorageTask::Delete { key } => {
            storage.remove(&key);
            StorageResult::Delete
        }
    }
}

impl Node {
    fn new(name: &str) -> Node {
        Node::with_storage(name, HashMap::new())
    }

    fn with_storage(name: &str, mut storage: HashMap<StorageKey, Vec<u8>>) -> Node {
        let peer_id = PeerId::from_string(name.to_string());
        let mut loader = SamodLoader::new(peer_id.clone());
        let mut rng = rand::rngs::StdRng::seed_from_u64(name.len() as u64);
        let hub = loop {
            match loader.step(&mut rng, now()) {
                LoaderState::NeedIo(tasks) => {
                    for task in tasks {
                        let payload = execute(&mut storage, task.action);
                        loader.provide_io_result(IoResult {
                            task_id: task.task_id,
                            payload,
                        });
                    }
                }
                LoaderState::Loaded(hub) => break *hub,
            }
        };
        Node {
            peer_id,
            hub,
            rng,
            actors: HashMap::new(),
            storage,
            listener: None,
            work: VecDeque::new(),
            to_actors: Vec::new(),
            spawned: Vec::new(),
            outbox: Vec::new(),
            received: Vec::new(),
            completed: HashMap::new(),
        }
    }

    /// Runs the queue until it is empty.
    fn run(&mut self) {
        while let Some(work) = self.work.pop_front() {
            match work {
                Work::Hub(event) => {
                    let results = self.hub.handle_event(&mut self.rng, now(), event);
                    self.absorb_hub(results);
                }
                Work::ToActor(actor_id, msg) => {
                    self.to_actors.push((actor_id, msg.0.clone()));
                    let actor = self.actors.get_mut(&actor_id).expect("a spawned actor");
                    let result = actor.handle_message(now(), msg).expect("message handled");
                    self.absorb_actor(actor_id, result);
                }
                Work::ActorIo(actor_id, io) => {
                    let actor = self.actors.get_mut(&actor_id).expect("a spawned actor");
                    let result = actor.handle_io_complete(now(), io).expect("IO handled");
                    self.absorb_actor(actor_id, result);
                }
            }
        }
    }

    fn absorb_hub(&mut self, results: HubResults) {
        for args in results.spawn_actors {
            let actor_id = args.actor_id;
            let conns = args.initial_connections.keys().copied().collect();
            self.spawned
                .push((actor_id, args.document_id.clone(), conns));
            let (actor, result) = DocumentActor::new(now(), args);
            self.actors.insert(actor_id, actor);
            self.absorb_actor(actor_id, result);
        }
        self.completed.extend(results.completed_commands);
        for task in results.new_tasks {
            if let HubIoAction::Send { connection_id, msg } = task.action {
                self.outbox.push((connection_id, msg));
            }
        }
        for (actor_id, msg) in results.actor_messages {
            self.work.push_back(Work::ToActor(actor_id, msg));
        }
    }

    fn absorb_actor(&mut self, actor_id: DocumentActorId, result: DocActorResult) {
        for task in result.io_tasks {
            let payload = match task.action {
                DocumentIoTask::Storage(storage_task) => {
                    DocumentIoResult::Storage(execute(&mut self.storage, storage_task))
                }
                DocumentIoTask::CheckAnnouncePolicy { .. } => {
                    DocumentIoResult::CheckAnnouncePolicy(true)
                }
            };
            self.work.push_back(Work::ActorIo(
                actor_id,
                IoResult {
                    task_id: task.task_id,
                    payload,
                },
            ));
        }
        for msg in result.outgoing_messages {
            self.work
                .push_back(Work::Hub(HubEvent::actor_message(actor_id, msg)));
        }
    }

    /// Runs a command whose result is immediate.
    fn command(
        &mut self,
        DispatchedCommand { command_id, event }: DispatchedCommand,
    ) -> CommandResult {
        self.work.push_back(Work::Hub(event));
        self.run();
        self.completed
            .remove(&command_id)
            .expect("the command completed at once")
    }

    fn actor_for(&self, doc: &DocumentId) -> DocumentActorId {
        let mut found = self.spawned.iter().filter(|(_, d, _)| d == doc);
        let (actor_id, _, _) = found.next().expect("an actor for the document");
        assert!(found.next().is_none(), "one actor per document");
        *actor_id
    }

    fn title(&self, doc: &DocumentId) -> Option<String> {
        let actor = self.actors.get(&self.actor_for(doc))?;
        let (value, _) = actor.document().get(automerge::ROOT, "title").ok()??;
        value.into_scalar().ok()?.into_string().ok()
    }

    fn set_title(&mut self, doc: &DocumentId, title: &str) {
        let actor_id = self.actor_for(doc);
        let actor = self.actors.get_mut(&actor_id).expect("the actor");
        let result = actor
            .with_document(now(), |d| {
                let mut tx = d.transaction();
                tx.put(automerge::ROOT, "title", title).expect("put");
                tx.commit();
            })
            .expect("the document is ready");
        self.absorb_actor(actor_id, result.actor_result);
    }

    /// Everything the hub told `actor_id` about `conn`: "new", "message", "closed".
    fn told(&self, actor_id: DocumentActorId, conn: ConnectionId) -> Vec<&'static str> {
        self.to_actors
            .iter()
            .filter(|(a, _)| *a == actor_id)
            .filter_map(|(_, msg)| match msg {
                HubToDocMsgPayload::NewConnection { connection_id, .. }
                    if *connection_id == conn =>
                {
                    Some("new")
                }
                HubToDocMsgPayload::HandleDocMessage { connection_id, .. }
                    if *connection_id == conn =>
                {
                    Some("message")
                }
                HubToDocMsgPayload::ConnectionClosed { connection_id }
                    if *connection_id == conn =>
                {
                    Some("closed")
                }
                _ => None,
            })
            .collect()
    }

    /// The documents named by the messages this node received on `conn`.
    fn heard_about(&self, conn: ConnectionId) -> HashSet<DocumentId> {
        self.received
            .iter()
            .filter(|(c, _)| *c == conn)
            .filter_map(|(_, msg)| match msg {
                WireMessage::Request { document_id, .. }
                | WireMessage::Sync { document_id, .. }
                | WireMessage::DocUnavailable { document_id, .. }
                | WireMessage::Ephemeral { document_id, .. }
                | WireMessage::RemoteHeadsChanged { document_id, .. } => Some(document_id.clone()),
                _ => None,
            })
            .collect()
    }

    /// The documents the hub lists for `conn` in its connection info.
    fn attached(&self, conn: ConnectionId) -> HashSet<DocumentId> {
        self.hub
            .connections()
            .into_iter()
            .find(|info| info.id == conn)
            .map(|info| info.docs.into_keys().collect())
            .unwrap_or_default()
    }
}

#[derive(Default)]
struct Net {
    nodes: Vec<Node>,
    /// Each link's two ends: (node, connection) on either side.
    links: Vec<((usize, ConnectionId), (usize, ConnectionId))>,
}

impl Net {
    fn add(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// `client` dials `server`; returns the client's and the server's connection ids.
    fn connect(&mut self, client: usize, server: usize) -> (ConnectionId, ConnectionId) {
        let url = url::Url::parse("ws://server.test/sync").expect("url");
        let CommandResult::AddDialer { dialer_id } =
            self.nodes[client].command(HubEvent::add_dialer(DialerConfig {
                url: url.clone(),
                backoff: BackoffConfig::default(),
            }))
        else {
            panic!("a dialer");
        };
        let CommandResult::CreateConnection { connection_id: cc } =
            self.nodes[client].command(HubEvent::create_dialer_connection(dialer_id))
        else {
            panic!("a dialer connection");
        };
        let listener = match self.nodes[server].listener {
            Some(listener) => listener,
            None => {
                let CommandResult::AddListener { listener_id } =
                    self.nodes[server].command(HubEvent::add_listener(ListenerConfig { url }))
                else {
                    panic!("a listener");
                };
                self.nodes[server].listener = Some(listener_id);
                listener_id
            }
        };
        let CommandResult::CreateConnection { connection_id: sc } =
            self.nodes[server].command(HubEvent::create_listener_connection(listener))
        else {
            panic!("a listener connection");
        };
        self.links.push(((client, cc), (server, sc)));
        self.pump();
        assert!(
            self.nodes[client]
                .hub
                .is_connected_to(&self.nodes[server].peer_id)
        );
        assert!(
            self.nodes[server]
                .hub
                .is_connected_to(&self.nodes[client].peer_id)
        );
        (cc, sc)
    }

    /// Runs every node and delivers every sent message until nothing moves.
    fn pump(&mut self) {
        for _ in 0..10_000 {
            for node in &mut self.nodes {
                node.run();
            }
            let mut moved = false;
            for from in 0..self.nodes.len() {
                for (conn, bytes) in std::mem::take(&mut self.nodes[from].outbox) {
                    let Some(&(to, to_conn)) = self.links.iter().find_map(|(a, b)| {
                        if *a == (from, conn) {
                            Some(b)
                        } else if *b == (from, conn) {
                            Some(a)
                        } else {
                            None
                        }
                    }) else {
                        continue;
                    };
                    let decoded = WireMessage::decode(&bytes).expect("a wire message");
                    self.nodes[to].received.push((to_conn, decoded));
                    self.nodes[to]
                        .work
                        .push_back(Work::Hub(HubEvent::receive(to_conn, bytes).event));
                    moved = true;
                }
            }
            if !moved && self.nodes.iter().all(|n| n.work.is_empty()) {
                return;
            }
        }
        panic!("the network did not settle");
    }

    fn create(&mut self, node: usize, title: &str) -> DocumentId {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, "title", title).expect("put");
        tx.commit();
        let DispatchedCommand { command_id, event } = HubEvent::create_document(doc);
        self.nodes[node].work.push_back(Work::Hub(event));
        self.pump();
        match self.nodes[node].completed.remove(&command_id) {
            Some(CommandResult::CreateDocument { document_id, .. }) => document_id,
            other => panic!("document not created: {other:?}"),
        }
    }

    fn find(&mut self, node: usize, doc: &DocumentId) {
        let result = self.nodes[node].command(HubEvent::search_for_doc(doc.clone()));
        assert!(
            matches!(result, CommandResult::SearchForDoc { .. }),
            "{result:?}"
        );
        self.pump();
    }

    fn disconnect(&mut self, node: usize, conn: ConnectionId) {
        self.links
            .retain(|(a, b)| *a != (node, conn) && *b != (node, conn));
        self.nodes[node]
            .work
            .push_back(Work::Hub(HubEvent::connection_lost(conn)));
        self.pump();
    }
}

/// How many times an actor was told of a new connection.
fn news(told: &[&str]) -> usize {
    told.iter().filter(|t| **t == "new").count()
}

fn set(docs: &[&DocumentId]) -> HashSet<DocumentId> {
    docs.iter().map(|d| (*d).clone()).collect()
}

#[test]
fn an_incoming_connection_gets_only_the_documents_its_peer_asks_for() {
    let mut net = Net::default();
    let server = net.add(Node::new("server"));
    let reader = net.add(Node::new("reader"));
    let bystander = net.add(Node::new("bystander"));
    let one = net.create(server, "one");
    let two = net.create(server, "two");
    let (rc, rs) = net.connect(reader, server);
    let (bc, bs) = net.connect(bystander, server);

    // Connected, nobody asked: nothing is offered and nothing attached.
    assert_eq!(net.nodes[reader].heard_about(rc), set(&[]));
    assert_eq!(net.nodes[server].attached(rs), set(&[]));
    let s = &net.nodes[server];
    for doc in [&one, &two] {
        assert_eq!(s.told(s.actor_for(doc), rs), Vec::<&str>::new());
    }

    // The reader asks for `one`: the server's actor learns of the connection before its request
    // (the request is answered, not dropped), once, and `two` never hears of it.
    net.find(reader, &one);
    assert_eq!(net.nodes[reader].title(&one).as_deref(), Some("one"));
    let s = &net.nodes[server];
    let told = s.told(s.actor_for(&one), rs);
    assert_eq!(told.first(), Some(&"new"), "{told:?}");
    assert_eq!(news(&told), 1, "{told:?}");
    assert!(told.contains(&"message"), "{told:?}");
    assert_eq!(s.told(s.actor_for(&two), rs), Vec::<&str>::new());
    assert_eq!(s.attached(rs), set(&[&one]));
    assert_eq!(net.nodes[reader].heard_about(rc), set(&[&one]));

    // It asked, so it gets later changes; the bystander never hears of either document.
    net.nodes[server].set_title(&one, "one, edited");
    net.pump();
    assert_eq!(
        net.nodes[reader].title(&one).as_deref(),
        Some("one, edited")
    );
    assert_eq!(net.nodes[bystander].heard_about(bc), set(&[]));
    assert_eq!(net.nodes[server].attached(bs), set(&[]));

    // Lost: only the actor it was attached to is told, once.
    net.disconnect(server, rs);
    let s = &net.nodes[server];
    let told = s.told(s.actor_for(&one), rs);
    assert_eq!(
        told.iter().filter(|t| **t == "closed").count(),
        1,
        "{told:?}"
    );
    assert_eq!(told.last(), Some(&"closed"), "{told:?}");
    assert_eq!(s.told(s.actor_for(&two), rs), Vec::<&str>::new());
}

#[test]
fn a_peer_that_leaves_is_detached_from_the_documents_it_asked_for() {
    let mut net = Net::default();
    let server = net.add(Node::new("server"));
    let reader = net.add(Node::new("reader"));
    let one = net.create(server, "one");
    let two = net.create(server, "two");
    let (_, rs) = net.connect(reader, server);
    net.find(reader, &one);

    // A `leave` message closes the connection inside the hub (not a lost transport).
    let leave = WireMessage::Leave {
        sender_id: net.nodes[reader].peer_id.clone(),
    };
    net.nodes[server]
        .work
        .push_back(Work::Hub(HubEvent::receive(rs, leave.encode()).event));
    net.pump();
    assert!(
        !net.nodes[server]
            .hub
            .is_connected_to(&net.nodes[reader].peer_id)
    );
    let s = &net.nodes[server];
    assert_eq!(s.told(s.actor_for(&one), rs).last(), Some(&"closed"));
    assert_eq!(s.told(s.actor_for(&two), rs), Vec::<&str>::new());
}

#[test]
fn the_first_message_about_a_document_not_loaded_yet_reaches_its_new_actor() {
    // A server that stored `one` earlier and has restarted: no actor for it yet.
    let mut first = Net::default();
    let before = first.add(Node::new("server"));
    let one = first.create(before, "one");
    let stored = std::mem::take(&mut first.nodes[before].storage);

    let mut net = Net::default();
    let server = net.add(Node::with_storage("server", stored));
    let reader = net.add(Node::new("reader"));
    let other = net.add(Node::new("other"));
    let (rc, rs) = net.connect(reader, server);
    let (oc, os) = net.connect(other, server);

    net.find(reader, &one);
    assert_eq!(net.nodes[reader].title(&one).as_deref(), Some("one"));
    let s = &net.nodes[server];
    let (actor_id, _, initial) = s
        .spawned
        .iter()
        .find(|(_, d, _)| *d == one)
        .expect("spawned for the request");
    assert_eq!(
        initial,
        &HashSet::from([rs]),
        "started with the asking connection only"
    );
    // Its request came with the spawn; the actor answered it (above), and was not told of the
    // connection a second time.
    assert!(
        !s.told(*actor_id, rs).contains(&"new"),
        "not attached twice"
    );
    assert_eq!(s.told(*actor_id, os), Vec::<&str>::new());
    assert_eq!(net.nodes[other].heard_about(oc), set(&[]));

    // A document nobody has: the request is answered with "unavailable", not dropped.
    let unknown = DocumentId::new(&mut rand::rngs::StdRng::seed_from_u64(7));
    net.find(reader, &unknown);
    assert!(
        net.nodes[reader].received.iter().any(|(c, m)| *c == rc
            && matches!(m, WireMessage::DocUnavailable { document_id, .. } if *document_id == unknown)),
        "the server answers a request for a document it does not have"
    );
}

#[test]
fn a_connection_we_dial_is_offered_every_document_as_before() {
    let mut net = Net::default();
    let server = net.add(Node::new("server"));
    let author = net.add(Node::new("author"));
    let bystander = net.add(Node::new("bystander"));
    let (bc, _) = net.connect(bystander, server);
    let mine = net.create(author, "mine");
    let (ac, _) = net.connect(author, server);

    // The author dialed: its hub attaches the connection to its document and offers it unasked.
    let a = &net.nodes[author];
    assert_eq!(a.told(a.actor_for(&mine), ac).first(), Some(&"new"));
    assert_eq!(news(&a.told(a.actor_for(&mine), ac)), 1);
    assert_eq!(a.attached(ac), set(&[&mine]));
    assert_eq!(net.nodes[server].title(&mine).as_deref(), Some("mine"));
    // The server received it, and does not pass it on to a peer that never asked.
    assert_eq!(net.nodes[bystander].heard_about(bc), set(&[]));

    // A document created after the connection starts attached to it (once), and is offered.
    let later = net.create(author, "later");
    let a = &net.nodes[author];
    let (actor_id, _, initial) = a
        .spawned
        .iter()
        .find(|(_, d, _)| *d == later)
        .expect("spawned");
    assert_eq!(initial, &HashSet::from([ac]));
    assert_eq!(news(&a.told(*actor_id, ac)), 0);
    assert_eq!(a.attached(ac), set(&[&mine, &later]));
    assert_eq!(net.nodes[server].title(&later).as_deref(), Some("later"));

    // The bystander asks and gets the author's later edits through the server.
    net.find(bystander, &mine);
    assert_eq!(net.nodes[bystander].title(&mine).as_deref(), Some("mine"));
    net.nodes[author].set_title(&mine, "mine, edited");
    net.pump();
    assert_eq!(
        net.nodes[bystander].title(&mine).as_deref(),
        Some("mine, edited")
    );
    assert_eq!(net.nodes[bystander].heard_about(bc), set(&[&mine]));
}
