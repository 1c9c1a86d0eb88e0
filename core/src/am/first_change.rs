//! A new document's first change, straight to and from its values, without building the
//! document.
//!
//! [`encode`] makes the change Automerge makes for `init_root_from_hydrate` followed by a commit
//! (the same operations in the same order: each map's keys sorted, containers filled breadth
//! first, one operation per character of a Text), at a fraction of the cost, since no operation
//! set is built and then read back. An import creating 100,000 contacts spends most of its time
//! here.
//!
//! [`decode`] reads such a change back into the values it sets: what a document made of it
//! hydrates to. A new device's first sync receives one first change per record, and building an
//! operation set for each only to read it once cost three times as much as reading the change.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroU64;

use automerge::hydrate::{Map, Value};
use automerge::legacy::{ElementId, Key, ObjectId, Op, OpId, OpType, SortedVec};
use automerge::{ActorId, Change, ExpandedChange, ObjType, ScalarValue, TextEncoding};

/// The first change of a document whose whole state is `root`.
pub fn encode(actor: &ActorId, root: &Map, message: &str, time: i64) -> Change {
    let mut ops = Ops {
        actor,
        ops: Vec::new(),
        queue: VecDeque::new(),
    };
    ops.map(ObjectId::Root, root);
    while let Some((obj, value)) = ops.queue.pop_front() {
        match value {
            Value::Map(m) => ops.map(obj, m),
            Value::List(l) => {
                let mut elem = ElementId::Head;
                for item in l.iter() {
                    elem = ElementId::Id(ops.push(obj.clone(), Key::Seq(elem), &item.value));
                }
            }
            Value::Text(t) => {
                let mut elem = ElementId::Head;
                for c in t.to_string().chars() {
                    elem = ElementId::Id(ops.op(
                        obj.clone(),
                        Key::Seq(elem),
                        OpType::Put(ScalarValue::from(c)),
                        true,
                    ));
                }
            }
            // Only containers are queued.
            Value::Scalar(_) => {}
        }
    }
    Change::from(ExpandedChange {
        operations: ops.ops,
        actor_id: actor.clone(),
        hash: None,
        seq: 1,
        start_op: NonZeroU64::MIN,
        time,
        message: Some(message.to_string()),
        deps: Vec::new(),
        extra_bytes: Vec::new(),
        author: None,
    })
}

struct Ops<'a> {
    actor: &'a ActorId,
    ops: Vec<Op>,
    queue: VecDeque<(ObjectId, &'a Value)>,
}

impl<'a> Ops<'a> {
    fn map(&mut self, obj: ObjectId, m: &'a Map) {
        let mut keys: Vec<_> = m.iter().collect();
        keys.sort_by_key(|(a, _)| *a);
        for (k, v) in keys {
            self.push(obj.clone(), Key::Map(k.as_str().into()), &v.value);
        }
    }

    /// Adds the operation that sets `key` of `obj` to `value`; a container is queued to be
    /// filled after its siblings.
    fn push(&mut self, obj: ObjectId, key: Key, value: &'a Value) -> OpId {
        let insert = matches!(key, Key::Seq(_));
        let action = match value {
            Value::Map(_) => OpType::Make(ObjType::Map),
            Value::List(_) => OpType::Make(ObjType::List),
            Value::Text(_) => OpType::Make(ObjType::Text),
            Value::Scalar(s) => OpType::Put(s.clone()),
        };
        let id = self.op(obj, key, action, insert);
        if !matches!(value, Value::Scalar(_)) {
            self.queue.push_back((ObjectId::Id(id.clone()), value));
        }
        id
    }

    fn op(&mut self, obj: ObjectId, key: Key, action: OpType, insert: bool) -> OpId {
        self.ops.push(Op {
            action,
            obj,
            key,
            pred: SortedVec::new(),
            insert,
        });
        OpId::new(self.ops.len() as u64, self.actor)
    }
}

/// The root a document whose whole history is `change` hydrates to, read from the change's
/// operations alone. `None` when the change is not the plain kind a first change is (it has
/// dependencies, or overwrites, deletes, increments or marks within itself, or nests deeper
/// than records do): such a change is applied to a document the usual way.
pub fn decode(change: &Change) -> Option<Map> {
    if !change.deps().is_empty() {
        return None;
    }
    let expanded = change.decode();
    let actor = &expanded.actor_id;
    let start = expanded.start_op.get();
    // Objects by the counter of the operation that made them; the root is 0.
    let mut objects: HashMap<u64, Obj> = HashMap::new();
    objects.insert(0, Obj::Map(HashMap::new()));
    for (i, op) in expanded.operations.into_iter().enumerate() {
        let id = start + i as u64;
        if !op.pred.is_empty() {
            return None;
        }
        let obj = match &op.obj {
            ObjectId::Root => 0,
            ObjectId::Id(OpId(counter, a)) if a == actor => *counter,
            ObjectId::Id(_) => return None,
        };
        let slot = match op.action {
            OpType::Put(value) => Slot::Scalar(value),
            OpType::Make(kind) => {
                let made = match kind {
                    ObjType::Map | ObjType::Table => Obj::Map(HashMap::new()),
                    ObjType::List => Obj::Seq(false, Vec::new()),
                    ObjType::Text => Obj::Seq(true, Vec::new()),
                };
                objects.insert(id, made);
                Slot::Obj(id)
            }
            OpType::Delete | OpType::Increment(_) | OpType::MarkBegin(_) | OpType::MarkEnd(_) => {
                return None
            }
        };
        match (objects.get_mut(&obj)?, op.key, op.insert) {
            (Obj::Map(m), Key::Map(k), false) => {
                // Two values for one key without the second replacing the first: not plain.
                if m.insert(k.to_string(), slot).is_some() {
                    return None;
                }
            }
            (Obj::Seq(_, elems), Key::Seq(after), true) => {
                let after = match after {
                    ElementId::Head => 0,
                    ElementId::Id(OpId(counter, a)) if a == *actor => counter,
                    ElementId::Id(_) => return None,
                };
                elems.push((id, after, slot));
            }
            _ => return None,
        }
    }
    match value(&mut objects, 0, 0)? {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

/// An object of the change while it is read: a map's keys, or a list's or text's elements as
/// (id, the element it was inserted after (0: the start), value), in operation order.
enum Obj {
    Map(HashMap<String, Slot>),
    /// `true` for text.
    Seq(bool, Vec<(u64, u64, Slot)>),
}

enum Slot {
    Scalar(ScalarValue),
    Obj(u64),
}

/// Records nest a few levels (a contact's emails are maps in a list); anything deeper is not
/// a record, and is left to Automerge.
const MAX_DEPTH: usize = 16;

fn value(objects: &mut HashMap<u64, Obj>, id: u64, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match objects.remove(&id)? {
        Obj::Map(m) => {
            let mut out = HashMap::with_capacity(m.len());
            for (k, slot) in m {
                out.insert(k, slot_value(objects, slot, depth)?);
            }
            Value::Map(Map::from(out))
        }
        Obj::Seq(text, elems) => {
            let ordered = in_order(&elems);
            // An element inserted after one that does not exist is not a plain change.
            if ordered.len() != elems.len() {
                return None;
            }
            if text {
                let mut s = String::new();
                for i in ordered {
                    match &elems[i].2 {
                        Slot::Scalar(ScalarValue::Str(part)) => s.push_str(part),
                        _ => return None,
                    }
                }
                Value::Text(automerge::hydrate::Text::new(
                    TextEncoding::UnicodeCodePoint,
                    s,
                ))
            } else {
                let mut elems: Vec<Option<Slot>> = elems.into_iter().map(|e| Some(e.2)).collect();
                let mut items = Vec::with_capacity(elems.len());
                for i in ordered {
                    items.push(slot_value(objects, elems[i].take()?, depth)?);
                }
                Value::from(items)
            }
        }
    })
}

fn slot_value(objects: &mut HashMap<u64, Obj>, slot: Slot, depth: usize) -> Option<Value> {
    match slot {
        Slot::Scalar(s) => Some(Value::Scalar(s)),
        Slot::Obj(id) => value(objects, id, depth + 1),
    }
}

/// The order of a sequence's elements (indexes into `elems`): each element directly after the
/// one it was inserted after, and of two inserted after the same one the later first (the
/// order Automerge gives concurrent inserts, here made within one change).
fn in_order(elems: &[(u64, u64, Slot)]) -> Vec<usize> {
    let mut after: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, (_, parent, _)) in elems.iter().enumerate() {
        after.entry(*parent).or_default().push(i);
    }
    let mut out = Vec::with_capacity(elems.len());
    // Children are pushed in operation order so the latest is taken first.
    let mut stack: Vec<usize> = after.remove(&0).unwrap_or_default();
    while let Some(i) = stack.pop() {
        out.push(i);
        if let Some(children) = after.remove(&elems[i].0) {
            stack.extend(children);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ReadDoc, ROOT};
    use proptest::prelude::*;

    use super::*;

    /// What Automerge itself hydrates a document made of `change` to.
    fn by_automerge(change: &Change) -> Map {
        let doc = AutoCommit::load(change.raw_bytes()).unwrap();
        match doc.hydrate(ROOT, None).unwrap() {
            Value::Map(m) => m,
            other => panic!("root is {other:?}"),
        }
    }

    /// A document's first change as Automerge makes it from `edit`.
    fn made_by(edit: impl FnOnce(&mut AutoCommit)) -> Change {
        let mut doc = AutoCommit::new();
        edit(&mut doc);
        doc.commit();
        doc.get_last_local_change().unwrap()
    }

    #[test]
    fn inserts_anywhere_in_a_list_or_text_read_back_in_automerges_order() {
        let change = made_by(|d| {
            let list = d.put_object(ROOT, "list", ObjType::List).unwrap();
            for (i, at) in [0usize, 0, 1, 3, 2, 0].into_iter().enumerate() {
                d.insert(&list, at, i as i64).unwrap();
            }
            let text = d.put_object(ROOT, "text", ObjType::Text).unwrap();
            d.splice_text(&text, 0, 0, "world").unwrap();
            d.splice_text(&text, 0, 0, "hello, ").unwrap();
            d.splice_text(&text, 5, 0, " there").unwrap();
            let nested = d.insert_object(&list, 2, ObjType::Map).unwrap();
            d.put(&nested, "k", "v").unwrap();
        });
        assert_eq!(decode(&change), Some(by_automerge(&change)));
    }

    #[test]
    fn a_change_that_overwrites_or_deletes_within_itself_is_left_to_automerge() {
        let overwrite = made_by(|d| {
            d.put(ROOT, "name", "Ada").unwrap();
            d.put(ROOT, "name", "Grace").unwrap();
        });
        assert_eq!(decode(&overwrite), None);
        let delete = made_by(|d| {
            let list = d.put_object(ROOT, "list", ObjType::List).unwrap();
            d.insert(&list, 0, 1).unwrap();
            d.delete(&list, 0).unwrap();
        });
        assert_eq!(decode(&delete), None);
        let counter = made_by(|d| {
            d.put(ROOT, "n", ScalarValue::counter(1)).unwrap();
            d.increment(ROOT, "n", 2).unwrap();
        });
        assert_eq!(decode(&counter), None);
    }

    #[test]
    fn a_later_change_is_not_a_first_change() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "a", 1).unwrap();
        doc.commit();
        doc.put(ROOT, "b", 2).unwrap();
        doc.commit();
        assert_eq!(decode(&doc.get_last_local_change().unwrap()), None);
    }

    /// One step of building a random document in a single change.
    #[derive(Clone, Debug)]
    enum Step {
        Put(String, i64),
        Insert(usize, String),
        Splice(usize, String),
        Nest(String),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            ("[a-c]{1,2}", any::<i64>()).prop_map(|(k, v)| Step::Put(k, v)),
            (0usize..8, "\\PC{0,3}").prop_map(|(at, v)| Step::Insert(at, v)),
            (0usize..8, "(\\PC|[😀👩‍👩‍👧\u{202e}\n])*").prop_map(|(at, v)| Step::Splice(at, v)),
            "[d-f]".prop_map(Step::Nest),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Whatever Automerge puts into one first change, reading it back either gives what
        /// Automerge hydrates or declines.
        #[test]
        fn reading_a_first_change_agrees_with_automerge(steps in proptest::collection::vec(step(), 0..24)) {
            let change = made_by(|d| {
                let list = d.put_object(ROOT, "list", ObjType::List).unwrap();
                let text = d.put_object(ROOT, "text", ObjType::Text).unwrap();
                for s in &steps {
                    match s {
                        Step::Put(k, v) => { d.put(ROOT, k.as_str(), *v).unwrap(); }
                        Step::Insert(at, v) => {
                            let at = (*at).min(d.length(&list));
                            d.insert(&list, at, v.as_str()).unwrap();
                        }
                        Step::Splice(at, v) => {
                            let at = (*at).min(d.length(&text));
                            d.splice_text(&text, at, 0, v).unwrap();
                        }
                        Step::Nest(k) => {
                            let m = d.put_object(ROOT, k.as_str(), ObjType::Map).unwrap();
                            d.put(&m, "x", k.as_str()).unwrap();
                        }
                    }
                }
            });
            // Only a key written twice (an overwrite within the change) is declined.
            let mut keys = std::collections::HashSet::new();
            let overwrites = steps.iter().any(|s| match s {
                Step::Put(k, _) | Step::Nest(k) => !keys.insert(k.clone()),
                _ => false,
            });
            match decode(&change) {
                Some(ours) => prop_assert_eq!(ours, by_automerge(&change)),
                None => prop_assert!(overwrites, "declined a plain change"),
            }
        }
    }
}
