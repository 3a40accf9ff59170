import Foundation
import Synchronization

/// The tenant's journal: what happened, in order, as domain events (`token.issued`, `ciba.polled`,
/// `gmail.message.sent`…). Services call `record`; the server wraps each request in `recording`, so
/// events carry the request's method, path and status. A ring of the newest `capacity` entries
/// (0 turns it off), optionally copied as JSON lines to a file, and a stream of new entries.
public final class Journal: Sendable {
    /// The default number of entries kept.
    public static let defaultCapacity = 10_000
    /// The largest ring allowed.
    public static let maxCapacity = 1_000_000

    /// The entries an HTTP request has caused so far; committed when its response is known.
    public final class Request: Sendable {
        let method: String
        let path: String
        /// The journal whose `recording` made it: the task-local request is inherited by tasks started
        /// while handling it (a tenant made on demand runs in one), and other journals must ignore it.
        let journal: ObjectIdentifier
        let drafts = Mutex<[JournalEntry]>([])

        init(method: String, path: String, journal: ObjectIdentifier) {
            self.method = method
            self.path = path
            self.journal = journal
        }
    }

    @TaskLocal static var currentRequest: Request?

    struct State {
        var ring: [JournalEntry] = []
        /// Where the next entry goes once the ring is full.
        var head = 0
        var nextSequence = 1
        var listeners: [Int: (query: JournalQuery, continuation: AsyncStream<JournalEntry>.Continuation)] = [:]
        var nextListener = 0
        var closed = false
    }

    /// How many entries the ring keeps.
    public let capacity: Int
    let clock: TenantClock
    let file: JournalFile?
    let state = Mutex(State())

    /// A journal keeping the newest `capacity` entries (0: none), copying each to `file` when given.
    public init(capacity: Int = Journal.defaultCapacity, clock: TenantClock, file: JournalFile? = nil) {
        self.capacity = min(max(capacity, 0), Self.maxCapacity)
        self.clock = clock
        self.file = file
    }

    /// Whether entries are kept or written anywhere.
    public var isOn: Bool { capacity > 0 || file != nil }

    /// Records an event. Inside `recording` it waits for the response status; else it is kept now.
    public func record(
        _ event: String, client: String? = nil, user: String? = nil, details: [String: JSONValue] = [:]
    ) {
        guard isOn else { return }
        let entry = JournalEntry(
            sequence: 0, tenantTime: clock.now(), wallTime: Date(), method: nil, path: nil, status: nil,
            client: client, user: user, event: event, details: details)
        if let request = Self.currentRequest, request.journal == ObjectIdentifier(self) {
            request.drafts.withLock { $0.append(entry) }
        } else {
            commit([entry])
        }
    }

    /// Runs one HTTP request's handling; the events it records are kept with `method`, `path` and the
    /// status `status(result)` returns, or as one `request` entry when it recorded none and
    /// `plainRequest` is true.
    public func recording<T>(
        method: String, path: String, plainRequest: Bool, _ body: () async throws -> T,
        status: (Result<T, any Error>) -> Int
    ) async throws -> T {
        guard isOn else { return try await body() }
        let request = Request(method: method, path: path, journal: ObjectIdentifier(self))
        let result: Result<T, any Error>
        do {
            result = .success(try await Self.$currentRequest.withValue(request) { try await body() })
        } catch {
            result = .failure(error)
        }
        let code = status(result)
        var drafts = request.drafts.withLock { $0 }
        if drafts.isEmpty, plainRequest { drafts = [plainRequestEntry()] }
        for index in drafts.indices {
            drafts[index].method = method
            drafts[index].path = path
            drafts[index].status = code
        }
        if !drafts.isEmpty { commit(drafts) }
        return try result.get()
    }

    /// Records a request answered without running `recording` (a document served straight from its
    /// bytes): the one `request` entry `recording` would have kept for it.
    public func requestServed(method: String, path: String, status: Int) {
        guard isOn else { return }
        var entry = plainRequestEntry()
        entry.method = method
        entry.path = path
        entry.status = status
        commit(entry)
    }

    /// The `request` entry of a request that recorded no event, before its method, path and status.
    private func plainRequestEntry() -> JournalEntry {
        JournalEntry(
            sequence: 0, tenantTime: clock.now(), wallTime: Date(), method: nil, path: nil, status: nil,
            client: nil, user: nil, event: "request", details: [:])
    }

    func commit(_ drafts: [JournalEntry]) {
        state.withLock { state in
            var numbered: [JournalEntry] = []
            if file != nil { numbered.reserveCapacity(drafts.count) }
            for entry in drafts {
                let entry = keep(entry, in: &state)
                if file != nil { numbered.append(entry) }
            }
            // Written under the lock so the file keeps the sequence order.
            if let file { file.write(numbered) }
        }
    }

    /// `commit` of one entry, without a list around it (a request answered from its bytes).
    func commit(_ draft: JournalEntry) {
        state.withLock { state in
            let entry = keep(draft, in: &state)
            if let file { file.write([entry]) }
        }
    }

    /// Numbers `draft`, keeps it in the ring and hands it to the listeners whose query it fits.
    private func keep(_ draft: JournalEntry, in state: inout State) -> JournalEntry {
        var entry = draft
        entry.sequence = state.nextSequence
        state.nextSequence += 1
        if capacity > 0 {
            if state.ring.count < capacity {
                state.ring.append(entry)
            } else {
                state.ring[state.head] = entry
                state.head = (state.head + 1) % capacity
            }
        }
        for listener in state.listeners.values where listener.query.matches(entry) {
            listener.continuation.yield(entry)
        }
        return entry
    }

    /// The kept entries that fit `query`, oldest first, at most `query.limit`.
    public func entries(_ query: JournalQuery = .init()) -> [JournalEntry] {
        state.withLock { state in
            var found: [JournalEntry] = []
            let count = state.ring.count
            for offset in 0..<count {
                let entry = state.ring[(state.head + offset) % count]
                if query.matches(entry) {
                    found.append(entry)
                    if let limit = query.limit, found.count >= limit { break }
                }
            }
            return found
        }
    }

    /// The sequence number of the newest entry (0 when there has been none).
    public var lastSequence: Int { state.withLock { $0.nextSequence - 1 } }

    /// Forgets the kept entries; sequence numbers go on from where they were.
    public func clear() {
        state.withLock { state in
            state.ring.removeAll(keepingCapacity: true)
            state.head = 0
        }
    }

    /// New entries that fit `query` (its `limit` aside), as they are recorded, until the consumer
    /// stops. A consumer that falls 1,000 entries behind loses the oldest it has not read.
    public func updates(_ query: JournalQuery = .init()) -> AsyncStream<JournalEntry> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: JournalEntry.self, bufferingPolicy: .bufferingNewest(1_000))
        var unlimited = query
        unlimited.limit = nil
        let id = state.withLock { [unlimited] state -> Int? in
            guard !state.closed else { return nil }
            let id = state.nextListener
            state.nextListener += 1
            state.listeners[id] = (unlimited, continuation)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every stream of `updates` (and any later one): the server calls this when it shuts down, so
    /// open live views do not hold it up.
    public func closeUpdates() {
        let listeners = state.withLock { state in
            state.closed = true
            defer { state.listeners.removeAll() }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.continuation.finish() }
    }
}
