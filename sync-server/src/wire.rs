//! The automerge-repo message envelope: a strict CBOR decoder for what peers send (just enough to
//! authorize a message by type, sender, target and document id) and an encoder for the replies
//! the gate writes itself. Payloads (`data`) stay opaque bytes; the gate never reads the project.

use std::str::FromStr;

use minicbor::Decoder;
use minicbor::data::Type;
use samod::DocumentId;

/// Nesting allowed inside fields the gate does not know (`skip`); real peers use one or two levels.
const MAX_UNKNOWN_DEPTH: u32 = 8;

/// The automerge-repo message types (protocol version 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgType {
    Join,
    Peer,
    Leave,
    Request,
    Sync,
    DocUnavailable,
    Ephemeral,
    Error,
    RemoteSubscriptionChange,
    RemoteHeadsChanged,
}

impl MsgType {
    fn parse(s: &str) -> Option<MsgType> {
        Some(match s {
            "join" => MsgType::Join,
            "peer" => MsgType::Peer,
            "leave" => MsgType::Leave,
            "request" => MsgType::Request,
            "sync" => MsgType::Sync,
            "doc-unavailable" => MsgType::DocUnavailable,
            "ephemeral" => MsgType::Ephemeral,
            "error" => MsgType::Error,
            "remote-subscription-change" => MsgType::RemoteSubscriptionChange,
            "remote-heads-changed" => MsgType::RemoteHeadsChanged,
            _ => return None,
        })
    }

    /// Types addressed to one peer (`targetId` required).
    fn is_targeted(self) -> bool {
        !matches!(self, MsgType::Join | MsgType::Leave | MsgType::Error)
    }

    /// Types about one document (`documentId` required).
    fn has_document(self) -> bool {
        matches!(
            self,
            MsgType::Request
                | MsgType::Sync
                | MsgType::DocUnavailable
                | MsgType::Ephemeral
                | MsgType::RemoteHeadsChanged
        )
    }
}

/// The fields of a message the gate authorizes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    pub kind: MsgType,
    pub sender_id: Option<String>,
    pub target_id: Option<String>,
    pub document_id: Option<DocumentId>,
    /// `data` of request/sync/ephemeral: an automerge sync message or an ephemeral payload.
    pub data: Option<&'a [u8]>,
}

/// Why bytes are not a valid envelope. The `reason` label is what metrics count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("malformed CBOR: {0}")]
    Cbor(String),
    #[error("a message must be a CBOR map with a definite length")]
    NotAMap,
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    #[error("message has no type")]
    NoType,
    #[error("field {0} is missing")]
    Missing(&'static str),
    #[error("field {0} has the wrong type")]
    WrongType(&'static str),
    #[error("field {0} appears twice")]
    Duplicate(String),
    #[error("documentId is not a valid automerge-repo document id")]
    BadDocumentId,
    #[error("a field nests deeper than {MAX_UNKNOWN_DEPTH} levels or uses indefinite lengths")]
    TooComplex,
    #[error("bytes after the end of the message")]
    Trailing,
}

impl WireError {
    /// A short label for metrics and logs.
    pub fn reason(&self) -> &'static str {
        match self {
            WireError::Cbor(_) | WireError::NotAMap | WireError::Trailing | WireError::TooComplex => "malformed_cbor",
            WireError::UnknownType(_) | WireError::NoType => "unknown_message_type",
            WireError::BadDocumentId => "invalid_document_id",
            WireError::Missing(_) | WireError::WrongType(_) | WireError::Duplicate(_) => "invalid_envelope",
        }
    }
}

impl From<minicbor::decode::Error> for WireError {
    fn from(e: minicbor::decode::Error) -> Self {
        WireError::Cbor(e.to_string())
    }
}

/// Decodes and checks one message. Every field samod reads is type-checked the way samod reads
/// it, so a message that passes here never fails samod's own decoder.
pub fn decode(bytes: &[u8]) -> Result<Envelope<'_>, WireError> {
    let mut d = Decoder::new(bytes);
    if d.datatype()? != Type::Map {
        return Err(WireError::NotAMap);
    }
    let len = d.map()?.ok_or(WireError::NotAMap)?;
    let mut kind = None;
    let mut sender_id = None;
    let mut target_id = None;
    let mut document_id = None;
    let mut data = None;
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..len {
        let key = d.str()?.to_owned();
        if seen.contains(&key) {
            return Err(WireError::Duplicate(key));
        }
        match key.as_str() {
            "type" => {
                let t = text(&mut d, "type")?;
                kind = Some(MsgType::parse(t).ok_or_else(|| WireError::UnknownType(t.chars().take(64).collect()))?);
            }
            "senderId" => sender_id = Some(text(&mut d, "senderId")?.to_owned()),
            "targetId" => target_id = Some(text(&mut d, "targetId")?.to_owned()),
            "selectedProtocolVersion" => drop(text(&mut d, "selectedProtocolVersion")?),
            "message" => drop(text(&mut d, "message")?),
            "sessionId" => drop(text(&mut d, "sessionId")?),
            "documentId" => {
                let id = match d.datatype()? {
                    Type::String => DocumentId::from_str(d.str()?).map_err(|_| WireError::BadDocumentId)?,
                    Type::Bytes => DocumentId::try_from(d.bytes()?.to_vec()).map_err(|_| WireError::BadDocumentId)?,
                    _ => return Err(WireError::BadDocumentId),
                };
                document_id = Some(id);
            }
            "supportedProtocolVersions" => text_array(&mut d, "supportedProtocolVersions")?,
            // JS peers may send `remove: undefined`; samod reads these only when they are arrays.
            "add" | "remove" => {
                if d.datatype()? == Type::Array {
                    text_array(&mut d, "add/remove")?;
                } else {
                    skip(&mut d, 0)?;
                }
            }
            "data" => {
                if d.datatype()? != Type::Bytes {
                    return Err(WireError::WrongType("data"));
                }
                data = Some(d.bytes()?);
            }
            "count" | "timestamp" => number(&mut d, "count/timestamp")?,
            "peerMetadata" | "metadata" => metadata(&mut d)?,
            "newHeads" => new_heads(&mut d)?,
            _ => skip(&mut d, 0)?,
        }
        seen.push(key);
    }
    if d.position() != bytes.len() {
        return Err(WireError::Trailing);
    }
    let kind = kind.ok_or(WireError::NoType)?;
    if kind == MsgType::Join && sender_id.is_none() {
        return Err(WireError::Missing("senderId"));
    }
    if kind.is_targeted() {
        if sender_id.is_none() {
            return Err(WireError::Missing("senderId"));
        }
        if target_id.is_none() {
            return Err(WireError::Missing("targetId"));
        }
    }
    if kind.has_document() && document_id.is_none() {
        return Err(WireError::Missing("documentId"));
    }
    if matches!(kind, MsgType::Request | MsgType::Sync | MsgType::Ephemeral) && data.is_none() {
        return Err(WireError::Missing("data"));
    }
    Ok(Envelope { kind, sender_id, target_id, document_id, data })
}

/// The reply to a request for a document the peer may not see: the same message the server sends
/// for a document it does not have, so a peer learns nothing about which documents exist.
pub fn doc_unavailable(sender_id: &str, target_id: &str, document_id: &DocumentId) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = minicbor::Encoder::new(&mut out);
    // Writing into a Vec cannot fail.
    let _ = e
        .map(4)
        .and_then(|e| e.str("type")?.str("doc-unavailable"))
        .and_then(|e| e.str("senderId")?.str(sender_id))
        .and_then(|e| e.str("targetId")?.str(target_id))
        .and_then(|e| e.str("documentId")?.str(&document_id.to_string()));
    out
}

fn text<'b>(d: &mut Decoder<'b>, field: &'static str) -> Result<&'b str, WireError> {
    if d.datatype()? != Type::String {
        return Err(WireError::WrongType(field));
    }
    Ok(d.str()?)
}

fn text_array(d: &mut Decoder<'_>, field: &'static str) -> Result<(), WireError> {
    let n = d.array()?.ok_or(WireError::TooComplex)?;
    for _ in 0..n {
        text(d, field)?;
    }
    Ok(())
}

fn number(d: &mut Decoder<'_>, field: &'static str) -> Result<(), WireError> {
    match d.datatype()? {
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
            d.u64()?;
        }
        Type::F16 | Type::F32 | Type::F64 => {
            d.f64()?;
        }
        _ => return Err(WireError::WrongType(field)),
    }
    Ok(())
}

fn metadata(d: &mut Decoder<'_>) -> Result<(), WireError> {
    if d.datatype()? != Type::Map {
        return Err(WireError::WrongType("peerMetadata"));
    }
    let n = d.map()?.ok_or(WireError::TooComplex)?;
    for _ in 0..n {
        match text(d, "peerMetadata")? {
            "storageId" => {
                if d.datatype()? == Type::Undefined {
                    d.undefined()?;
                } else {
                    text(d, "peerMetadata.storageId")?;
                }
            }
            "isEphemeral" => {
                if d.datatype()? != Type::Bool {
                    return Err(WireError::WrongType("peerMetadata.isEphemeral"));
                }
                d.bool()?;
            }
            _ => skip(d, 1)?,
        }
    }
    Ok(())
}

fn new_heads(d: &mut Decoder<'_>) -> Result<(), WireError> {
    if d.datatype()? != Type::Map {
        return Err(WireError::WrongType("newHeads"));
    }
    let n = d.map()?.ok_or(WireError::TooComplex)?;
    for _ in 0..n {
        text(d, "newHeads")?;
        if d.datatype()? != Type::Map {
            return Err(WireError::WrongType("newHeads"));
        }
        let m = d.map()?.ok_or(WireError::TooComplex)?;
        for _ in 0..m {
            match text(d, "newHeads")? {
                "heads" => {
                    if d.datatype()? != Type::Array {
                        return Err(WireError::WrongType("newHeads.heads"));
                    }
                    text_array(d, "newHeads.heads")?;
                }
                "timestamp" => number(d, "newHeads.timestamp")?,
                _ => skip(d, 2)?,
            }
        }
    }
    Ok(())
}

/// Skips one value of a field the gate does not know, refusing deep nesting and indefinite
/// lengths (minicbor's own `skip` is not depth-limited).
fn skip(d: &mut Decoder<'_>, depth: u32) -> Result<(), WireError> {
    if depth > MAX_UNKNOWN_DEPTH {
        return Err(WireError::TooComplex);
    }
    match d.datatype()? {
        Type::Array => {
            let n = d.array()?.ok_or(WireError::TooComplex)?;
            for _ in 0..n {
                skip(d, depth + 1)?;
            }
        }
        Type::Map => {
            let n = d.map()?.ok_or(WireError::TooComplex)?;
            for _ in 0..n {
                skip(d, depth + 1)?;
                skip(d, depth + 1)?;
            }
        }
        Type::Tag => {
            d.tag()?;
            skip(d, depth + 1)?;
        }
        Type::ArrayIndef | Type::MapIndef | Type::BytesIndef | Type::StringIndef | Type::Break | Type::Unknown(_) => {
            return Err(WireError::TooComplex);
        }
        _ => d.skip()?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_id() -> DocumentId {
        DocumentId::try_from(vec![7u8; 16]).unwrap()
    }

    fn encode(fields: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = minicbor::Encoder::new(&mut out);
        e.map(fields.len() as u64).unwrap();
        for (k, v) in fields {
            e.str(k).unwrap().str(v).unwrap();
        }
        out
    }

    #[test]
    fn doc_unavailable_round_trips() {
        let bytes = doc_unavailable("server", "client", &doc_id());
        let env = decode(&bytes).unwrap();
        assert_eq!(env.kind, MsgType::DocUnavailable);
        assert_eq!(env.sender_id.as_deref(), Some("server"));
        assert_eq!(env.target_id.as_deref(), Some("client"));
        assert_eq!(env.document_id, Some(doc_id()));
    }

    #[test]
    fn refuses_what_is_not_an_envelope() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![0xf6], "malformed_cbor"),
            (vec![], "malformed_cbor"),
            (vec![0xa1], "malformed_cbor"),
            (vec![0xbf, 0xff], "malformed_cbor"),
            (encode(&[("type", "bogus")]), "unknown_message_type"),
            (encode(&[("senderId", "x")]), "unknown_message_type"),
            (encode(&[("type", "sync"), ("senderId", "a"), ("targetId", "b")]), "invalid_envelope"),
            (
                encode(&[("type", "request"), ("senderId", "a"), ("targetId", "b"), ("documentId", "nope")]),
                "invalid_document_id",
            ),
            (encode(&[("type", "join"), ("type", "join"), ("senderId", "a")]), "invalid_envelope"),
        ];
        for (bytes, reason) in cases {
            let err = decode(&bytes).expect_err("must be refused");
            assert_eq!(err.reason(), reason, "{bytes:02x?}: {err}");
        }
    }

    #[test]
    fn deep_nesting_in_an_unknown_field_is_refused_without_recursion_blowup() {
        let mut bytes = encode(&[("type", "join"), ("senderId", "a")]);
        bytes[0] = 0xa3; // three fields
        bytes.extend_from_slice(&[0x63, b'z', b'z', b'z']);
        bytes.extend(std::iter::repeat_n(0x81, 100_000));
        bytes.push(0x00);
        assert_eq!(decode(&bytes).unwrap_err(), WireError::TooComplex);
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut bytes = encode(&[("type", "join"), ("senderId", "a")]);
        bytes.push(0x00);
        assert_eq!(decode(&bytes).unwrap_err(), WireError::Trailing);
    }
}
