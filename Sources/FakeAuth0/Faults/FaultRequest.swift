import Foundation

/// What a fault's `match` is checked against: a request as the server read it. `client`, `user`,
/// `connection` and `grantType` are filled only when some fault needs them (`FaultInjector.needsIdentity`).
public struct FaultRequest: Sendable {
    public var method: String
    /// The path as sent.
    public var path: String
    /// The path in the fake's own form (provider APIs under `/google`, `/github`, `/slack`), when it differs.
    public var routedPath: String?
    public var endpoints: Set<FaultEndpoint>
    public var grantType: String?
    public var client: String?
    public var user: String?
    public var connection: String?

    public init(
        method: String, path: String, routedPath: String? = nil, endpoints: Set<FaultEndpoint>,
        grantType: String? = nil, client: String? = nil, user: String? = nil, connection: String? = nil
    ) {
        self.method = method
        self.path = path
        self.routedPath = routedPath
        self.endpoints = endpoints
        self.grantType = grantType
        self.client = client
        self.user = user
        self.connection = connection
    }
}

/// A fault that hit a request: its id and what to do.
public struct InjectedFault: Sendable, Equatable {
    public var id: String
    public var effect: FaultEffect
    /// The endpoint kinds of the request, so the server answers in the right service's shape.
    public var endpoints: Set<FaultEndpoint>
}
