// Broadcast and pub/sub: every value to every (matching) subscriber, each
// subscriber with its own buffer and overflow policy.
//
// One loop reads the input and offers each value to each subscriber in turn. A
// subscriber with a dropping policy never makes it wait; one with "block" does
// (that is what "block" means: back-pressure from the slowest such reader); one
// with "error" that overflows is failed alone (its reader gets the
// ChannelFullError) and dropped. Reading starts with the first subscription, so
// no value is lost before anyone listens; after that a value nobody subscribes
// to is dropped.

import { ChannelFullError, ClosedChannelError } from "../chan/errors.js";
import type { Overflow, RecvChan } from "../chan/types.js";
import type { OperatorOptions, Source } from "./options.js";
import { read } from "./source.js";
import { StageRec, type StageChan } from "./stage.js";
import { checkInput } from "./unary.js";
import { Check, COMMON, fn, int, overflow, str, type Schema } from "./validate.js";

/**
 * Options of {@link broadcast} and {@link pubsub}: the defaults for their
 * subscribers.
 *
 * @example
 * ```ts
 * broadcast(prices, { buffer: 1, overflow: "dropOldest" }); // every reader sees the latest price
 * ```
 */
export interface BroadcastOptions extends OperatorOptions {
  /** Default buffer of each subscriber (default 16). */
  readonly buffer?: number | undefined;
  /** Default overflow policy of each subscriber (default "block"). */
  readonly overflow?: Overflow | undefined;
}

/**
 * Options of one subscription (default: the broadcast's).
 *
 * @example
 * ```ts
 * hub.subscribe({ buffer: 100, overflow: "dropNewest", name: "audit" });
 * ```
 */
export interface SubscribeOptions {
  /** This subscriber's buffer (default: the hub's `buffer`, else 16). */
  readonly buffer?: number | undefined;
  /** What this subscriber's full buffer does (default: the hub's `overflow`, else "block"). */
  readonly overflow?: Overflow | undefined;
  /** Names the subscriber's channel in diagnostics. */
  readonly name?: string | undefined;
}

/**
 * One subscriber: read `c`; `unsubscribe()` (or `using`, or `break` out of
 * `for await` over `c`) closes it and stops delivery to it.
 *
 * @example
 * ```ts
 * using sub = hub.subscribe();
 * for await (const v of sub.c) if (v === "stop") break;
 * ```
 */
export interface Subscription<T> extends Disposable {
  /** The subscriber's channel: closes when the hub stops or on `unsubscribe()`. */
  readonly c: RecvChan<T>;
  /** Stop delivery to this subscriber and close `c` (values already buffered stay readable). */
  unsubscribe(): void;
}

/**
 * What {@link broadcast} returns.
 *
 * @example
 * ```ts
 * const b: Broadcast<number> = broadcast(range(3));
 * ```
 */
export interface Broadcast<T> {
  /** A new subscriber, from the next value on. After the input closed: a closed channel (carrying the failure, if any). */
  subscribe(options?: SubscribeOptions): Subscription<T>;
  /** Stop: every subscriber's channel closes and the input is released. */
  close(): void;
  /** How many subscribers are live. */
  readonly subscribers: number;
}

/**
 * What {@link pubsub} returns.
 *
 * @example
 * ```ts
 * const bus: PubSub<Event, string> = pubsub(events, (e: Event) => e.kind);
 * ```
 */
export interface PubSub<T, K> {
  /** A new subscriber to values whose topic is `topic` (compared with SameValueZero). */
  subscribe(topic: K, options?: SubscribeOptions): Subscription<T>;
  /** Stop: every subscriber's channel closes and the input is released. */
  close(): void;
  /** How many subscribers are live, in all or for one topic. */
  subscribers(topic?: K): number;
}

const SUB: Schema = {
  buffer: int(0, "a non-negative integer (the subscriber's capacity)"),
  overflow,
  name: str,
};
const HUB: Schema = { ...COMMON, buffer: SUB["buffer"]!, overflow };

/** The hub's options; a dropping default needs a default buffer. */
function checkHub(check: Check, options: BroadcastOptions | undefined): void {
  check.options(options, HUB);
  const o = options as { buffer?: unknown; overflow?: unknown } | undefined;
  if (o?.buffer === 0 && typeof o.overflow === "string" && o.overflow !== "block") {
    check.add(`options.overflow "${o.overflow}" needs a buffer: set options.buffer to 1 or more`, true);
  }
  check.done();
}

interface Sub<T, K> {
  readonly ch: StageChan<T>;
  readonly topic: K;
}

class Hub<T, K> {
  private readonly s: StageRec;
  private readonly topics = new Map<K, Set<Sub<T, K>>>();
  private readonly byChan = new Map<StageChan<unknown>, Sub<T, K>>();
  private started = false;
  private seq = 0;

  constructor(
    op: string,
    private readonly input: Source<T>,
    private readonly options: BroadcastOptions | undefined,
    private readonly topicOf: (value: T) => K,
  ) {
    this.s = new StageRec(op, options);
    // A subscriber's `break` (or stopStage) unsubscribes it; the hub goes on.
    this.s.onRelease = (ch) => {
      const sub = this.byChan.get(ch);
      if (sub !== undefined) this.drop(sub);
    };
  }

  subscribe(where: string, topic: K, options: SubscribeOptions | undefined): Subscription<T> {
    new Check(where).options(options, SUB).done();
    const s = this.s;
    const buffer = options?.buffer ?? this.options?.buffer ?? 16;
    const policy = options?.overflow ?? this.options?.overflow ?? "block";
    if (buffer === 0 && policy !== "block") {
      new Check(where).add(`overflow "${policy}" needs a buffer: set buffer to 1 or more (here or in the hub's options)`, true).done();
    }
    const ch = s.output<T>(buffer, policy, options?.name ?? `${s.name}.sub-${++this.seq}`);
    const sub: Sub<T, K> = { ch, topic };
    if (s.finished) {
      // Too late: a closed channel that still reports why the hub stopped.
      ch.close();
      s.dropOutput(ch as StageChan<unknown>);
    } else {
      let set = this.topics.get(topic);
      if (set === undefined) this.topics.set(topic, (set = new Set()));
      set.add(sub);
      this.byChan.set(ch as StageChan<unknown>, sub);
      if (!this.started) this.start();
    }
    const unsubscribe = (): void => this.drop(sub);
    return { c: ch, unsubscribe, [Symbol.dispose]: unsubscribe };
  }

  close(): void {
    this.s.halt();
  }

  count(topic?: K): number {
    if (topic !== undefined) return this.topics.get(topic)?.size ?? 0;
    return this.byChan.size;
  }

  /** Stop delivering to `sub` and close its channel. */
  private drop(sub: Sub<T, K>): void {
    const ch = sub.ch as StageChan<unknown>;
    if (!this.byChan.delete(ch)) return;
    const set = this.topics.get(sub.topic)!;
    set.delete(sub);
    if (set.size === 0) this.topics.delete(sub.topic);
    ch.released = true;
    if (!ch.closed) ch.close();
    this.s.dropOutput(ch);
  }

  private start(): void {
    this.started = true;
    const s = this.s;
    const inp = read(s, this.input);
    s.launch(async () => {
      // Subscribers made in the same synchronous run as the first one see the first value too.
      await Promise.resolve();
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const v = r.value;
        const set = this.topics.get(this.topicOf(v));
        if (set === undefined) continue;
        for (const sub of [...set]) {
          if (!this.byChan.has(sub.ch as StageChan<unknown>)) continue;
          try {
            const p = s.put(sub.ch, v);
            if (p !== undefined) await p;
          } catch (e) {
            if (e instanceof ChannelFullError) {
              // Its own policy failed it: its reader gets this error, the others go on.
              sub.ch.failure = { error: e };
              this.drop(sub);
            } else if (!(e instanceof ClosedChannelError && !s.finished)) {
              throw e;
            }
          }
        }
      }
    });
  }
}

const ALL = Symbol("all");

/**
 * Every value of `input` to every subscriber. Each subscriber has its own
 * buffer and overflow policy (defaults from `options`: buffer 16, "block"):
 * with a dropping policy a slow subscriber loses values but never holds the
 * others back; with "block" it does; with "error" it is failed with
 * `ChannelFullError` and dropped. Reading starts at the first `subscribe()`;
 * the subscribers' channels close when the input does (carrying its failure,
 * if any) or on `close()`.
 *
 * ```text
 * in:    1 - 2 - 3 - |
 * sub A: 1 - 2 - 3 - |
 * sub B:     2 - 3 - |   (subscribed after 1)
 * ```
 *
 * @example
 * ```ts
 * const hub = broadcast(prices, { buffer: 8, overflow: "dropOldest" });
 * const ui = hub.subscribe();
 * const audit = hub.subscribe({ overflow: "block", buffer: 64 }); // never loses one
 * ```
 */
export function broadcast<T>(input: Source<T>, options?: BroadcastOptions): Broadcast<T> {
  checkInput("broadcast(input, options)", input);
  checkHub(new Check("broadcast(input, options)"), options);
  const hub = new Hub<T, symbol>("broadcast", input, options, () => ALL);
  return {
    subscribe: (o?: SubscribeOptions) => hub.subscribe("broadcast.subscribe(options)", ALL, o),
    close: () => hub.close(),
    get subscribers() {
      return hub.count();
    },
  };
}

/**
 * `broadcast` by topic: each value goes to the subscribers of `topicOf(value)`
 * only. A throwing `topicOf` fails the hub (every subscriber sees the error).
 *
 * ```text
 * in:        a1 - b1 - a2 - |
 * topic "a": a1 ------ a2 - |
 * topic "b": ---- b1 ------ |
 * ```
 *
 * @example
 * ```ts
 * const bus = pubsub(events, (e: { kind: string }) => e.kind);
 * const clicks = bus.subscribe("click");
 * ```
 */
export function pubsub<T, K>(input: Source<T>, topicOf: (value: T) => K, options?: BroadcastOptions): PubSub<T, K> {
  checkInput("pubsub(input, topicOf, options)", input);
  checkHub(new Check("pubsub(input, topicOf, options)").arg("topicOf", topicOf, fn), options);
  const hub = new Hub<T, K>("pubsub", input, options, topicOf);
  return {
    subscribe: (topic: K, o?: SubscribeOptions) => hub.subscribe("pubsub.subscribe(topic, options)", topic, o),
    close: () => hub.close(),
    subscribers: (topic?: K) => hub.count(topic),
  };
}
