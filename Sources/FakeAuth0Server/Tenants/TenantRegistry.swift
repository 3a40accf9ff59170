import FakeAuth0
import Foundation
import Logging
import Synchronization

/// The tenants made on demand (`POST /__admin/tenants`) in one process: each on its own listeners,
/// with its own in-memory state and clock, sharing the process's signing key (unless its scenario pins
/// one) and CA. Deleting a tenant closes its listeners and drops its state.
public final class TenantRegistry: Sendable {
    /// The most tenants alive at once.
    public static let limit = 500

    /// What a tenant's listeners look like from outside: the keys of the ready file, plus its id.
    public struct Info: Sendable {
        public let id: String
        public let httpURL: String
        public let port: Int
        public let httpsURL: String?
        public let httpsPort: Int?
        public let domain: String
        public let caFile: String?

        public var issuer: String { "https://\(domain)/" }

        /// The JSON the control API answers.
        public var json: [String: JSONValue] {
            var object: [String: JSONValue] = [
                "id": .string(id), "http_url": .string(httpURL), "port": .int(port), "domain": .string(domain),
                "issuer": .string(issuer),
            ]
            if let httpsURL, let httpsPort {
                object["https_url"] = .string(httpsURL)
                object["https_port"] = .int(httpsPort)
                if let caFile { object["ca_file"] = .string(caFile) }
            }
            return object
        }
    }

    /// Running listeners for a slot: their ports, and how to stop them.
    public struct Listeners: Sendable {
        public let httpPort: Int
        public let httpsPort: Int?
        public let stop: @Sendable () async -> Void

        public init(httpPort: Int, httpsPort: Int?, stop: @escaping @Sendable () async -> Void) {
            self.httpPort = httpPort
            self.httpsPort = httpsPort
            self.stop = stop
        }
    }

    /// Starts listeners serving a slot on free ports of `host`.
    public typealias Launcher = @Sendable (TenantSlot) async throws -> Listeners

    /// `POST /__admin/tenants` beyond `limit`.
    public struct Full: Error {}

    private struct Entry {
        let info: Info
        let slot: TenantSlot
        let listeners: Listeners
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var reserved = 0
        var nextID = 1
    }

    private let state = Mutex(State())
    private let host: String
    private let keys: SigningKeyRing
    private let caFile: String?
    private let launch: Launcher

    /// - Parameters:
    ///   - host: the address listeners bind (as given to `serve --host`).
    ///   - keys: the signing keys every tenant shares unless its scenario pins its own.
    ///   - caFile: the CA certificate clients trust for HTTPS (`ca_file`), when HTTPS is on.
    ///   - launch: starts a tenant's listeners.
    public init(host: String, keys: SigningKeyRing, caFile: String?, launch: @escaping Launcher) {
        self.host = host
        self.keys = keys
        self.caFile = caFile
        self.launch = launch
    }

    /// A registry whose tenants listen on free ports of `host`, over HTTP and, with `credentials`, over
    /// HTTPS with the same certificate as the process (it names `localhost` and `127.0.0.1`).
    public convenience init(host: String, keys: SigningKeyRing, credentials: TLSCredentials?, logger: Logger) {
        let caFile = credentials?.caCertificatePath
        self.init(host: host, keys: keys, caFile: caFile) { slot in
            let free = ServerConfiguration(host: host, port: 0)
            let app = FakeAuth0App(
                slot: slot, http: free, https: credentials.map { (free, $0) }, control: .init(caFile: caFile),
                logger: logger)
            let (ports, stop) = try await app.start()
            return Listeners(httpPort: ports.http, httpsPort: ports.https, stop: stop)
        }
    }

    /// Starts a tenant for `scenario` and returns it once its listeners accept connections.
    public func create(scenario: Scenario) async throws -> Info {
        let admitted = state.withLock { state in
            guard state.entries.count + state.reserved < Self.limit else { return false }
            state.reserved += 1
            return true
        }
        guard admitted else { throw Full() }
        defer { state.withLock { $0.reserved -= 1 } }
        let tenant = try await Tenant.start(
            scenario: scenario, store: try StateStore.inMemory(), clock: TenantClock(), sharedKeys: keys)
        let slot = TenantSlot(tenant)
        let listeners = try await launch(slot)
        return state.withLock { state in
            let id = "t\(state.nextID)"
            state.nextID += 1
            let info = Info(
                id: id, httpURL: "http://\(address(listeners.httpPort))", port: listeners.httpPort,
                httpsURL: listeners.httpsPort.map { "https://\(address($0))" }, httpsPort: listeners.httpsPort,
                domain: scenario.tenant.domain ?? address(listeners.httpPort), caFile: caFile)
            state.entries[id] = Entry(info: info, slot: slot, listeners: listeners)
            state.order.append(id)
            return info
        }
    }

    /// The tenants alive, oldest first.
    public func list() -> [Info] {
        state.withLock { state in state.order.compactMap { state.entries[$0]?.info } }
    }

    /// One tenant, if alive.
    public func info(_ id: String) -> Info? {
        state.withLock { $0.entries[id]?.info }
    }

    /// The slot of a tenant, if alive (for driving it from Swift).
    public func slot(_ id: String) -> TenantSlot? {
        state.withLock { $0.entries[id]?.slot }
    }

    /// Stops a tenant and forgets it; false when there is no such tenant (also when already deleted).
    @discardableResult
    public func delete(_ id: String) async -> Bool {
        let entry: Entry? = state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: id) else { return nil }
            state.order.removeAll { $0 == id }
            return entry
        }
        guard let entry else { return false }
        // Its listeners close at once; open connections get up to `stopWait` to finish, then the
        // shutdown goes on in the background.
        let stopping = Task { await entry.listeners.stop() }
        await withTaskGroup(of: Void.self) { race in
            race.addTask { await stopping.value }
            race.addTask { try? await Task.sleep(for: Self.stopWait) }
            await race.next()
            race.cancelAll()
        }
        return true
    }

    /// How long `delete` waits for a tenant's open connections to finish.
    static let stopWait = Duration.seconds(2)

    /// Stops every tenant (when the process stops).
    public func deleteAll() async {
        for info in list() { await delete(info.id) }
    }

    private func address(_ port: Int) -> String {
        let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return reachable.contains(":") ? "[\(reachable)]:\(port)" : "\(reachable):\(port)"
    }
}
