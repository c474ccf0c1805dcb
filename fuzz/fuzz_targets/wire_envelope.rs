//! Fuzz target: the sync server's decoder of the automerge-repo message envelope
//! (`tandem_sync_server::wire::decode`), which sees every byte a peer sends before anything else.
//! It must never panic, hang or allocate without bound; whatever it accepts must carry the
//! fields its message type needs; and the reply the gate writes for an accepted targeted message
//! (`doc-unavailable`) must decode back to the same sender, target and document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_sync_server::wire::{MsgType, decode, doc_unavailable};

fuzz_target!(|bytes: &[u8]| {
    let envelope = match decode(bytes) {
        Ok(envelope) => envelope,
        Err(e) => {
            // Every refusal has a metrics label and a message.
            assert!(!e.reason().is_empty() && !e.to_string().is_empty());
            return;
        }
    };
    if matches!(envelope.kind, MsgType::Request | MsgType::Sync | MsgType::Ephemeral) {
        assert!(envelope.data.is_some(), "{:?} accepted without data", envelope.kind);
        assert!(envelope.document_id.is_some(), "{:?} accepted without a document", envelope.kind);
    }
    if envelope.kind == MsgType::Join {
        assert!(envelope.sender_id.is_some(), "join accepted without a sender");
    }
    if let (Some(sender), Some(target), Some(doc)) = (&envelope.sender_id, &envelope.target_id, &envelope.document_id) {
        let reply = doc_unavailable(target, sender, doc);
        let back = decode(&reply).expect("the gate's own reply decodes");
        assert_eq!(back.kind, MsgType::DocUnavailable);
        assert_eq!(back.sender_id.as_deref(), Some(target.as_str()));
        assert_eq!(back.target_id.as_deref(), Some(sender.as_str()));
        assert_eq!(back.document_id.as_ref(), Some(doc));
    }
});
