/**
 * Linear folds. A stream's state is a left fold of its events; an `evolve` that copied a
 * collection per event (`{ ...state.entries, [id]: entry }`) would make folding n events cost
 * O(n²). So the deciders' `evolve` functions write the collections (records and lists keyed
 * or appended per event) of the state they are given in place, and return a new top-level
 * object that shares them: O(1) per event, and `decide` stays pure.
 *
 * What makes this sound, for every caller of an `evolve`:
 * - A state handed to `evolve` belongs to the fold from then on: the caller keeps what
 *   `evolve` returned and neither reads the older state again nor folds it a second time
 *   (an older state may show later entries). The command executor's stream cache folds the
 *   newest state of a stream forward; a read model's fold session replaces the document it
 *   evolved with the result.
 * - `initialState` is never written: its collections are empty and frozen, and a frozen
 *   collection is copied before it is written (once: the copy is not frozen). Folding the same
 *   events twice from `initialState` gives equal, independent states.
 * - Only collections are written. The values in them (an item, an entry, a ruling, a leader)
 *   are never edited: a change puts a new value under the key.
 * - Every write sets a key to a value worked out from the event, and an append is skipped when
 *   the value is already last, so that a caller folding one event twice onto the same state
 *   (which the first point forbids) still ends with the same collections.
 *
 * Keys come from commands and events, so any string is one: "constructor", "__proto__",
 * "toString". A record is a plain object that inherits those names from Object.prototype, and
 * so is every record a read model keeps as a JSON document. So a record is read by a key only
 * through `own` (in deciders, evolves, facts and read-model queries alike) and written only
 * through `withKey`; `record[key]` would find the built-in for an id nobody defined.
 */

/** The empty record of an initial state: frozen, so that its first write goes to a copy. */
export const emptyRecord = <V>(): Record<string, V> => Object.freeze({}) as Record<string, V>;

/** The empty list of an initial state: frozen, so that its first append goes to a copy. */
export const emptyList = <V>(): V[] => Object.freeze([] as V[]) as V[];

/**
 * What a record holds under `key` as its own; undefined for a key it only inherits (a
 * "constructor" or "toString" never written), so that an id nobody defined is never found as
 * a built-in and a write never lands on one.
 */
export const own = <V>(record: Record<string, V>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** `record` with `key` set to `value`: written in place, or into a copy where it is frozen. */
export const withKey = <V>(record: Record<string, V>, key: string, value: V): Record<string, V> => {
  const target = Object.isFrozen(record) ? { ...record } : record;
  // An own "__proto__", as the spread `{ ...record, [key]: value }` would make, not a new prototype.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
  return target;
};

/** `list` with `value` appended (in place, or to a copy where it is frozen), unless it is already last. */
export const withAppended = <V>(list: V[], value: V): V[] => {
  if (list.length > 0 && list[list.length - 1] === value) return list;
  const target = Object.isFrozen(list) ? [...list] : list;
  target.push(value);
  return target;
};
