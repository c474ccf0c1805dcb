use crate::op_set2::op_set::{MarkIndexBuilder, MarkIndexColumn};
use crate::op_set2::{ChangeOp, Op, OpBuilder, OpSet};
use crate::types::{ObjId, ObjType, OpId, SequenceType, TextEncoding};
use hexane::{BooleanCursor, ColumnData, IntCursor, UIntCursor};
use std::collections::HashMap;
use std::sync::Arc;

// TODO : this could be faster and use less memory if
// hexane::Encoder was used here instead of Vec<>

pub(crate) struct IndexBuilder {
    counters: HashMap<OpId, Vec<(usize, usize)>>,
    succ: Vec<u32>,
    top: Vec<bool>,
    widths: Vec<u64>,
    incs: Vec<Option<i64>>,
    marks: Vec<Option<MarkIndexBuilder>>,
    obj_info: ObjIndex,
    last_flush: usize,
    text_encoding: TextEncoding,
}

// Tandem patch (change 1): an object index that is cheap to clone.
//
// automerge 0.10.0 clones the whole op set at the start of every transaction (the checkpoint it
// rolls back to) and clones this index again before applying every batch of received changes.
// With one `HashMap` of every object in the document, each of those clones copied the whole map:
// ~30% of the time of every local change on Tandem's reference project once hexane's column trees
// were made cheap to clone (see vendor/automerge/TANDEM-PATCH.md). Now most entries live in `base`,
// shared between clones, and new entries go into the small `recent` map until it holds
// `RECENT_MAX` entries, when they are moved into `base` (copying `base` first only if a clone still
// shares it). A clone copies at most `RECENT_MAX` entries; lookups stay hash lookups.
#[derive(Debug, Default, Clone)]
pub(crate) struct ObjIndex {
    base: Arc<HashMap<OpId, ObjInfo>>,
    recent: HashMap<OpId, ObjInfo>,
}

const RECENT_MAX: usize = 2048;

impl FromIterator<(OpId, ObjInfo)> for ObjIndex {
    fn from_iter<I: IntoIterator<Item = (OpId, ObjInfo)>>(iter: I) -> Self {
        ObjIndex {
            base: Arc::new(iter.into_iter().collect()),
            recent: HashMap::new(),
        }
    }
}

impl ObjIndex {
    fn get(&self, id: &OpId) -> Option<&ObjInfo> {
        self.recent.get(id).or_else(|| self.base.get(id))
    }

    /// Every entry, each once (`insert` keeps a key in only one of the two maps).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&OpId, &ObjInfo)> {
        self.base.iter().chain(self.recent.iter())
    }

    pub(crate) fn object_type(&self, obj: &ObjId) -> Option<ObjType> {
        if obj.is_root() {
            Some(ObjType::Map)
        } else {
            self.get(&obj.0).map(|p| p.obj_type)
        }
    }

    pub(crate) fn object_parent(&self, obj: &ObjId) -> Option<ObjId> {
        if obj.is_root() {
            None
        } else {
            self.get(&obj.0).map(|p| p.parent)
        }
    }

    pub(crate) fn insert(&mut self, id: OpId, obj_info: ObjInfo) {
        if self.base.contains_key(&id) {
            Arc::make_mut(&mut self.base).insert(id, obj_info);
            return;
        }
        self.recent.insert(id, obj_info);
        if self.recent.len() >= RECENT_MAX {
            let base = Arc::make_mut(&mut self.base);
            base.extend(self.recent.drain());
        }
    }
}

#[derive(Copy, Clone, Debug)]
pub(crate) struct ObjInfo {
    pub(crate) parent: ObjId,
    pub(crate) obj_type: ObjType,
}

impl ObjInfo {
    pub(crate) fn with_new_actor(self, idx: usize) -> Self {
        Self {
            parent: self.parent.with_new_actor(idx),
            obj_type: self.obj_type,
        }
    }

    pub(crate) fn without_actor(self, idx: usize) -> Option<Self> {
        Some(Self {
            parent: self.parent.without_actor(idx)?,
            obj_type: self.obj_type,
        })
    }
}

impl Op<'_> {
    pub(crate) fn obj_info(&self) -> Option<ObjInfo> {
        let obj_type = ObjType::try_from(self.action).ok()?;
        let parent = self.obj;
        Some(ObjInfo { parent, obj_type })
    }
}

impl ChangeOp {
    pub(crate) fn obj_info(&self) -> Option<ObjInfo> {
        self.bld.obj_info()
    }
}

impl OpBuilder<'_> {
    pub(crate) fn obj_info(&self) -> Option<ObjInfo> {
        let obj_type = ObjType::try_from(self.action).ok()?;
        let parent = self.obj;
        Some(ObjInfo { parent, obj_type })
    }
}

pub(crate) struct Indexes {
    pub(crate) text: ColumnData<UIntCursor>,
    pub(crate) top: ColumnData<BooleanCursor>,
    pub(crate) visible: ColumnData<BooleanCursor>,
    pub(crate) inc: ColumnData<IntCursor>,
    pub(crate) mark: MarkIndexColumn,
    pub(crate) obj_info: ObjIndex,
}

impl IndexBuilder {
    pub(crate) fn new(op_set: &OpSet, encoding: TextEncoding) -> Self {
        Self {
            counters: HashMap::new(),
            succ: Vec::with_capacity(op_set.len()),
            top: Vec::with_capacity(op_set.len()),
            widths: Vec::with_capacity(op_set.len()),
            incs: Vec::with_capacity(op_set.sub_len()),
            marks: Vec::with_capacity(op_set.len()),
            obj_info: ObjIndex::default(),
            last_flush: 0,
            text_encoding: encoding,
        }
    }

    pub(crate) fn flush(&mut self) {
        let len = self.succ.len();
        for (delta, succ) in self.succ[self.last_flush..].iter().rev().enumerate() {
            if *succ == 0 {
                self.top[len - delta - 1] = true;
                break;
            }
        }
        self.last_flush = len;
    }
    pub(crate) fn process_op(&mut self, op: &Op<'_>) {
        self.marks.push(op.mark_index());

        self.succ.push(vis_num(op));
        self.top.push(false);

        self.widths
            .push(op.width(SequenceType::Text, self.text_encoding) as u64);

        let count = self.counters.remove(&op.id);

        if let Some(i) = op.get_increment_value() {
            for (succ_idx, op_idx) in count.into_iter().flatten() {
                self.incs[succ_idx] = Some(i);
                self.succ[op_idx] -= 1;
            }
        }

        if let Some(obj_info) = op.obj_info() {
            self.obj_info.insert(op.id, obj_info);
        }
    }

    pub(crate) fn process_succ(&mut self, op_is_counter: bool, id: OpId) {
        if op_is_counter {
            self.counters
                .entry(id)
                .or_default()
                .push((self.incs.len(), self.succ.len() - 1));
        }
        self.incs.push(None); // will update later
    }

    pub(crate) fn finish(mut self) -> Indexes {
        self.flush();

        let text = self
            .widths
            .iter()
            .zip(self.succ.iter())
            .map(|(w, t)| if *t == 0 { Some(*w) } else { None })
            .collect();

        let visible = self.succ.iter().map(|&n| n == 0).collect();

        let top = self.top.iter().collect();

        let mut inc = ColumnData::new();
        inc.splice(0, 0, self.incs);

        let mut mark = MarkIndexColumn::new();
        mark.splice(0, 0, self.marks);

        let obj_info = self.obj_info;

        Indexes {
            text,
            top,
            visible,
            inc,
            mark,
            obj_info,
        }
    }
}

fn vis_num(op: &Op<'_>) -> u32 {
    if op.is_inc() {
        u32::MAX
    } else {
        op.succ().len() as u32
    }
}

// Tandem patch (change 1): the index answers the same before and after its recent entries move
// into the shared map, and a clone never sees what is inserted into the other side.
#[cfg(test)]
mod obj_index_tests {
    use super::*;

    fn info(parent: u64, map: bool) -> ObjInfo {
        ObjInfo {
            parent: ObjId(OpId::new(parent, 0)),
            obj_type: if map { ObjType::Map } else { ObjType::List },
        }
    }

    fn check(index: &ObjIndex, ids: std::ops::Range<u64>) {
        for n in ids {
            let obj = ObjId(OpId::new(n, (n % 3) as usize));
            let want = if n % 2 == 0 { ObjType::Map } else { ObjType::List };
            assert_eq!(index.object_type(&obj), Some(want), "object {n}");
            assert_eq!(index.object_parent(&obj), Some(ObjId(OpId::new(n / 2, 0))));
        }
    }

    #[test]
    fn clones_are_independent_across_moves_into_the_shared_map() {
        let mut index = ObjIndex::default();
        let insert = |index: &mut ObjIndex, n: u64| {
            index.insert(OpId::new(n, (n % 3) as usize), info(n / 2, n % 2 == 0))
        };
        for n in 1..5_000 {
            insert(&mut index, n);
        }
        check(&index, 1..5_000);
        assert_eq!(index.iter().count(), 4_999);

        // A checkpoint taken while entries are both shared and recent.
        let saved = index.clone();
        for n in 5_000..12_000 {
            insert(&mut index, n);
        }
        check(&index, 1..12_000);
        assert_eq!(index.iter().count(), 11_999);
        check(&saved, 1..5_000);
        assert_eq!(saved.iter().count(), 4_999);
        assert_eq!(saved.object_type(&ObjId(OpId::new(6_000, 0))), None);

        // Replacing an entry that sits in the shared map leaves the clone's view alone.
        let moved = OpId::new(10, 1);
        index.insert(moved, info(99, false));
        assert_eq!(index.object_parent(&ObjId(moved)), Some(ObjId(OpId::new(99, 0))));
        assert_eq!(saved.object_parent(&ObjId(moved)), Some(ObjId(OpId::new(5, 0))));
        assert_eq!(index.iter().count(), 11_999);

        let rebuilt: ObjIndex = saved.iter().map(|(id, i)| (*id, *i)).collect();
        check(&rebuilt, 1..5_000);
    }
}
